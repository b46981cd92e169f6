package org.jledger.node.jpa;

import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import org.jledger.chain.StateChanges;
import org.jledger.encoding.CanonicalJson;
import org.jledger.state.StateKey;

/**
 * Brings a database written by an older schema to {@link StoredNodeInfo#SCHEMA_VERSION}, in the
 * caller's transaction, before anything else reads or writes it. EclipseLink's {@code
 * create-or-extend-tables} has added the columns the new layout needs by then; this moves the data
 * into them and drops what the old layout had.
 *
 * <p>Version 2 keeps the JSON of blocks, locks, signed messages and transactions as UTF-8 BLOBs
 * instead of CLOBs: Derby writes a CLOB to its log a character at a time.
 *
 * <p>Version 3 drops the index of state entries by model and key: nothing reads them in that order
 * (states are rebuilt by height, through the primary key), and keeping it up to date was half the
 * work of storing a block's state entries.
 *
 * <p>Version 4 keeps the state entries a block changed as one row per block ({@code
 * JLEDGER_CHANGES}, see {@link StateChanges}) instead of a row per entry ({@code
 * JLEDGER_STATE_ENTRY}, dropped): inserting thousands of rows per block was a twentieth of a loaded
 * node's work.
 */
public final class SchemaMigration {

  private static final Logger LOG = Logger.getLogger(SchemaMigration.class.getName());

  /** A text column of schema 1 whose value moves, as UTF-8, into a binary column of schema 2. */
  private record Moved(String table, String key, String from, String to) {}

  private static final List<Moved> TO_VERSION_2 =
      List.of(
          new Moved("JLEDGER_BLOCK", "HEIGHT", "JSON", "JSON_UTF8"),
          new Moved("JLEDGER_LOCK", "HEIGHT", "BLOCK_JSON", "BLOCK_UTF8"),
          new Moved("JLEDGER_SIGNED", "SLOT", "JSON", "JSON_UTF8"),
          new Moved("JLEDGER_TRANSACTION", "HASH", "JSON", "JSON_UTF8"));

  private SchemaMigration() {}

  /**
   * Migrates from {@code fromVersion} (a no-op at the current version).
   *
   * @throws SQLException if the database refuses a step; the caller's transaction then rolls back
   */
  public static void migrate(Connection c, int fromVersion) throws SQLException {
    if (fromVersion < 2) {
      for (Moved m : TO_VERSION_2) {
        move(c, m);
      }
    }
    if (fromVersion < 3) {
      dropIndex(c, "JLEDGER_STATE_ENTRY", "JLEDGER_STATE_KEY");
    }
    if (fromVersion < 4) {
      collectStateEntries(c);
    }
  }

  /** Writes the rows of {@code JLEDGER_STATE_ENTRY} as one row per height, then drops the table. */
  private static void collectStateEntries(Connection c) throws SQLException {
    if (!hasColumn(c, "JLEDGER_STATE_ENTRY", "HEIGHT")) {
      return; // created by a later version, or collected already
    }
    int heights = 0;
    try (Statement select = c.createStatement();
        ResultSet r =
            select.executeQuery(
                "SELECT HEIGHT, MODEL, ENTRY_KEY, VALUE_JSON FROM JLEDGER_STATE_ENTRY"
                    + " ORDER BY HEIGHT");
        PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO JLEDGER_CHANGES (HEIGHT, CHANGES_UTF8) VALUES (?, ?)")) {
      long height = -1;
      Map<StateKey, Optional<JsonValue>> changes = new HashMap<>();
      while (r.next()) {
        if (r.getLong(1) != height && !changes.isEmpty()) {
          insertChanges(insert, height, changes);
          changes.clear();
          heights++;
        }
        height = r.getLong(1);
        String value = r.getString(4);
        changes.put(
            new StateKey(r.getString(2), r.getString(3)),
            value == null ? Optional.empty() : Optional.of(CanonicalJson.parse(value)));
      }
      if (!changes.isEmpty()) {
        insertChanges(insert, height, changes);
        heights++;
      }
    }
    try (Statement drop = c.createStatement()) {
      drop.execute("DROP TABLE JLEDGER_STATE_ENTRY");
    }
    int collected = heights;
    LOG.info(() -> "Schema 4: collected the state entries of " + collected + " blocks");
  }

  private static void insertChanges(
      PreparedStatement insert, long height, Map<StateKey, Optional<JsonValue>> changes)
      throws SQLException {
    insert.setLong(1, height);
    insert.setBytes(2, StateChanges.encode(changes));
    insert.executeUpdate();
  }

  private static void dropIndex(Connection c, String table, String index) throws SQLException {
    if (!hasIndex(c, table, index)) {
      return;
    }
    try (Statement drop = c.createStatement()) {
      drop.execute("DROP INDEX " + index);
    }
    LOG.info(() -> "Schema 3: dropped the index " + index + " of " + table);
  }

  /** Whether the table has the index, in either case (see {@link #hasColumn}). */
  private static boolean hasIndex(Connection c, String table, String index) throws SQLException {
    DatabaseMetaData meta = c.getMetaData();
    for (String name : List.of(table, table.toLowerCase(Locale.ROOT))) {
      try (ResultSet r = meta.getIndexInfo(null, null, name, false, false)) {
        while (r.next()) {
          if (index.equalsIgnoreCase(r.getString("INDEX_NAME"))) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private static void move(Connection c, Moved m) throws SQLException {
    if (!hasColumn(c, m.table(), m.from())) {
      return; // a table this database never had, or moved already
    }
    int rows = 0;
    try (Statement select = c.createStatement();
        ResultSet r =
            select.executeQuery("SELECT " + m.key() + ", " + m.from() + " FROM " + m.table());
        PreparedStatement update =
            c.prepareStatement(
                "UPDATE " + m.table() + " SET " + m.to() + " = ? WHERE " + m.key() + " = ?")) {
      while (r.next()) {
        update.setBytes(1, r.getString(2).getBytes(StandardCharsets.UTF_8));
        update.setObject(2, r.getObject(1));
        update.executeUpdate();
        rows++;
      }
    }
    try (Statement drop = c.createStatement()) {
      drop.execute("ALTER TABLE " + m.table() + " DROP COLUMN " + m.from());
    }
    int moved = rows;
    LOG.info(() -> "Schema 2: moved " + moved + " rows of " + m.table() + " to " + m.to());
  }

  /** Whether the column exists; PostgreSQL keeps unquoted names in lower case, Derby in upper. */
  private static boolean hasColumn(Connection c, String table, String column) throws SQLException {
    DatabaseMetaData meta = c.getMetaData();
    for (String[] name :
        List.of(
            new String[] {table, column},
            new String[] {table.toLowerCase(Locale.ROOT), column.toLowerCase(Locale.ROOT)})) {
      try (ResultSet r = meta.getColumns(null, null, name[0], name[1])) {
        if (r.next()) {
          return true;
        }
      }
    }
    return false;
  }
}
