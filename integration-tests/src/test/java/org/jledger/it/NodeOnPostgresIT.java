package org.jledger.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jledger.it.NodeClient.assertProblem;
import static org.jledger.it.NodeClient.json;

import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Nodes on PostgreSQL, selected by configuration only. Each test creates its own database in the
 * server at {@code jledger.it.pg.url} and drops it afterwards. PostgreSQL must be running: these
 * tests fail, not skip, when it is not.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NodeOnPostgresIT {

  private final String adminUrl = System.getProperty("jledger.it.pg.url");
  private final String user = System.getProperty("jledger.it.pg.user", "postgres");
  private final String password = System.getProperty("jledger.it.pg.password", "");
  private final List<String> databases = new ArrayList<>();

  @BeforeAll
  void postgresIsReachable() {
    try (Connection c = admin()) {
      assertThat(c.isValid(5)).isTrue();
    } catch (SQLException e) {
      throw new AssertionError(
          "PostgreSQL is not reachable at "
              + adminUrl
              + " as "
              + user
              + " ("
              + e.getMessage()
              + "). Start it (CI does), or point -Djledger.it.pg.url/-Djledger.it.pg.user at one.",
          e);
    }
  }

  @AfterAll
  void dropDatabases() throws SQLException {
    try (Connection c = admin();
        Statement s = c.createStatement()) {
      for (String name : databases) {
        s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      }
    }
  }

  @Test
  void becomesReadyOnAFreshDatabaseAndWritesItsStartUpRowThere() throws Exception {
    String database = createDatabase();
    try (PayaraMicroNode node =
        PayaraMicroNode.start(
            "postgres", nodeOn(database, Map.of("jledger.api.max-body-bytes", "4096")))) {
      NodeClient client = new NodeClient(node);

      HttpResponse<String> ready = client.get("/health/ready");
      assertThat(ready.statusCode()).isEqualTo(200);
      try (Connection c = DriverManager.getConnection(urlOf(database), user, password);
          Statement s = c.createStatement();
          ResultSet row = s.executeQuery("SELECT schema_version, starts FROM jledger_node")) {
        assertThat(row.next()).isTrue();
        assertThat(row.getInt(1)).isEqualTo(4);
        assertThat(row.getLong(2)).isEqualTo(1);
        assertThat(row.next()).isFalse();
      }
      assertThat(node.folder().resolve("db")).doesNotExist();

      // the body limit is configuration too
      assertProblem(
          client.send(
              "POST",
              "/api/v1/no-such-thing",
              HttpRequest.BodyPublishers.ofByteArray(new byte[4097])),
          413,
          "content_too_large");
      assertProblem(
          client.send(
              "POST",
              "/api/v1/no-such-thing",
              HttpRequest.BodyPublishers.ofByteArray(new byte[4096])),
          404,
          "not_found");

      // the getting-started flow, on PostgreSQL
      GettingStartedFlow.run(client);
      try (Connection c = DriverManager.getConnection(urlOf(database), user, password);
          Statement s = c.createStatement();
          ResultSet row = s.executeQuery("SELECT count(*) FROM jledger_block")) {
        assertThat(row.next()).isTrue();
        assertThat(row.getLong(1)).isEqualTo(1);
      }
    }
  }

  /**
   * A block whose database transaction fails when it commits (a trigger deferred to the commit
   * stands for a disk that filled up): the block is stored in a transaction of its own before the
   * node moves to it, so the node stays at the height its database holds and stores the block once
   * the database takes writes again. (Stored in the transaction of the consensus step, as before,
   * the node went on a block ahead of its database.)
   */
  @Test
  void aBlockWhoseCommitFailsLeavesTheNodeAtTheHeightItsDatabaseHolds() throws Exception {
    String database = createDatabase();
    try (PayaraMicroNode node =
            PayaraMicroNode.start("postgres-commit", nodeOn(database, Map.of()));
        Connection db = DriverManager.getConnection(urlOf(database), user, password);
        Statement s = db.createStatement()) {
      NodeClient client = new NodeClient(node);
      GettingStartedFlow.run(client);
      assertThat(headHeight(client)).isZero();

      s.execute(
          "CREATE FUNCTION jledger_it_full() RETURNS trigger LANGUAGE plpgsql AS"
              + " $$ BEGIN RAISE EXCEPTION 'no space left (a test)'; END $$");
      s.execute(
          "CREATE CONSTRAINT TRIGGER jledger_it_full AFTER INSERT ON jledger_block"
              + " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION jledger_it_full()");
      var second = GettingStartedNetwork.transfer(5, 1);
      GettingStartedFlow.submit(client, second);
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (!Files.readString(node.log()).contains("no space left (a test)")) {
        assertThat(System.nanoTime()).as("the block's commit never failed").isLessThan(deadline);
        LockSupport.parkNanos(100_000_000L);
      }
      assertThat(headHeight(client)).isZero();
      assertThat(count(s, "jledger_block")).isEqualTo(1);

      s.execute("DROP TRIGGER jledger_it_full ON jledger_block");
      JsonObject confirmed = GettingStartedFlow.awaitFinal(client, second.hash());
      assertThat(confirmed.getString("status")).isEqualTo("confirmed");
      assertThat(confirmed.getJsonNumber("height").longValue()).isEqualTo(1);
      assertThat(headHeight(client)).isEqualTo(1);
      assertThat(count(s, "jledger_block")).isEqualTo(2);
    }
  }

  private static long headHeight(NodeClient client) {
    return json(client.get("/api/v1/block/-1")).getJsonNumber("height").longValue();
  }

  private static long count(Statement s, String table) throws SQLException {
    try (ResultSet r = s.executeQuery("SELECT count(*) FROM " + table)) {
      r.next();
      return r.getLong(1);
    }
  }

  /**
   * Schema 1 kept blocks, transactions, locks and signed messages as text; schema 2 keeps them as
   * UTF-8 bytes; schema 3 has no index of state entries by key; schema 4 keeps a block's state
   * entries in one row. A node started on a schema-1 database moves them, drops the old columns,
   * the index and the table of entries, then works as usual.
   */
  @Test
  void migratesADatabaseOfSchema1AndKeepsWhatItSigned() throws Exception {
    String database = createDatabase();
    String vote = "{\"fqdn\":\"plug.consensus.Vote\",\"height\":5,\"note\":\"é\"}";
    try (Connection c = DriverManager.getConnection(urlOf(database), user, password);
        Statement s = c.createStatement()) {
      startUpRow(s, 1, "0.9.0", 3);
      s.execute(
          "CREATE TABLE jledger_block (height BIGINT PRIMARY KEY,"
              + " hash VARCHAR(64) NOT NULL UNIQUE, json TEXT NOT NULL)");
      s.execute(
          "CREATE TABLE jledger_lock (height BIGINT PRIMARY KEY, locked_round BIGINT NOT NULL,"
              + " block_json TEXT NOT NULL)");
      s.execute(
          "CREATE TABLE jledger_signed (slot VARCHAR(128) PRIMARY KEY, height BIGINT NOT NULL,"
              + " json TEXT NOT NULL)");
      s.execute("INSERT INTO jledger_signed VALUES ('5/0/plug.consensus.Vote', 5, '" + vote + "')");
      s.execute(
          "CREATE TABLE jledger_state_entry (height BIGINT, model VARCHAR(255),"
              + " entry_key VARCHAR(255), value_json TEXT, PRIMARY KEY (height, model, entry_key))");
      s.execute("CREATE INDEX jledger_state_key ON jledger_state_entry (model, entry_key, height)");
    }
    try (PayaraMicroNode node = PayaraMicroNode.start("postgres-v1", nodeOn(database, Map.of()))) {
      NodeClient client = new NodeClient(node);
      assertThat(client.get("/health/ready").statusCode()).isEqualTo(200);
      GettingStartedFlow.run(client);
    }
    try (Connection c = DriverManager.getConnection(urlOf(database), user, password);
        Statement s = c.createStatement()) {
      try (ResultSet row = s.executeQuery("SELECT schema_version, starts FROM jledger_node")) {
        assertThat(row.next()).isTrue();
        assertThat(row.getInt(1)).isEqualTo(4);
        assertThat(row.getLong(2)).isEqualTo(4);
      }
      try (ResultSet row =
          s.executeQuery(
              "SELECT json_utf8 FROM jledger_signed WHERE slot = '5/0/plug.consensus.Vote'")) {
        assertThat(row.next()).isTrue();
        assertThat(new String(row.getBytes(1), java.nio.charset.StandardCharsets.UTF_8))
            .isEqualTo(vote);
      }
      try (ResultSet blocks = s.executeQuery("SELECT count(*) FROM jledger_block")) {
        assertThat(blocks.next()).isTrue();
        assertThat(blocks.getLong(1)).as("the getting-started block").isEqualTo(1);
      }
      try (ResultSet old = c.getMetaData().getColumns(null, null, "jledger_block", "json")) {
        assertThat(old.next()).as("the old column is gone").isFalse();
      }
      try (ResultSet index =
          s.executeQuery("SELECT count(*) FROM pg_indexes WHERE indexname = 'jledger_state_key'")) {
        assertThat(index.next()).isTrue();
        assertThat(index.getLong(1)).as("schema 3 drops the index of states by key").isZero();
      }
      try (ResultSet entries = c.getMetaData().getTables(null, null, "jledger_state_entry", null)) {
        assertThat(entries.next()).as("schema 4 drops the table of state entries").isFalse();
      }
      try (ResultSet changes = s.executeQuery("SELECT count(*) FROM jledger_changes")) {
        assertThat(changes.next()).isTrue();
        assertThat(changes.getLong(1)).as("the getting-started block's changes").isEqualTo(1);
      }
    }
  }

  @Test
  void staysUnreadyOnADatabaseWrittenByANewerSchemaAndSaysWhy() throws Exception {
    String database = createDatabase();
    try (Connection c = DriverManager.getConnection(urlOf(database), user, password);
        Statement s = c.createStatement()) {
      startUpRow(s, 99, "99.0.0", 7);
    }
    try (PayaraMicroNode node =
        PayaraMicroNode.launch("postgres-newer", nodeOn(database, Map.of()))) {
      node.await("/health/live");
      NodeClient client = new NodeClient(node);
      JsonObject condition = awaitDatabaseChecked(client);

      assertThat(condition.getBoolean("met")).isFalse();
      assertThat(condition.getString("detail")).contains("schema version 99").contains("99.0.0");
      HttpResponse<String> ready = client.get("/health/ready");
      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(json(ready).getString("status")).isEqualTo("DOWN");
      assertThat(client.get("/health/live").statusCode()).isEqualTo(200);
    }
    try (Connection c = DriverManager.getConnection(urlOf(database), user, password);
        Statement s = c.createStatement();
        ResultSet row = s.executeQuery("SELECT schema_version, starts FROM jledger_node")) {
      assertThat(row.next()).isTrue();
      assertThat(row.getInt(1)).as("the newer database is left as it was").isEqualTo(99);
      assertThat(row.getLong(2)).isEqualTo(7);
    }
  }

  /** The start-up row as an earlier or later software wrote it, with its table. */
  private static void startUpRow(Statement s, int schemaVersion, String software, long starts)
      throws SQLException {
    s.execute(
        "CREATE TABLE jledger_node (id INTEGER PRIMARY KEY, schema_version INTEGER NOT NULL,"
            + " software_version VARCHAR(64) NOT NULL, first_started_ms BIGINT NOT NULL,"
            + " last_started_ms BIGINT NOT NULL, starts BIGINT NOT NULL, row_version BIGINT)");
    s.execute(
        "INSERT INTO jledger_node VALUES (1, "
            + schemaVersion
            + ", '"
            + software
            + "', 0, 0, "
            + starts
            + ", 1)");
  }

  /** Polls the node's status until start-up has checked the database, with a deadline. */
  private static JsonObject awaitDatabaseChecked(NodeClient client) {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < deadline) {
      HttpResponse<String> answer = client.get("/api/v1/node");
      if (answer.statusCode() == 200) {
        JsonObject condition = json(answer).getJsonArray("conditions").getJsonObject(0);
        if (!condition.getString("detail").equals("not checked yet")) {
          return condition;
        }
      }
      LockSupport.parkNanos(250_000_000L);
    }
    throw new AssertionError("the node did not check its database within 60 s");
  }

  private String createDatabase() throws SQLException {
    String name = "jledger_it_" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
    try (Connection c = admin();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    databases.add(name);
    return name;
  }

  /** A node's system properties for {@code database}, plus {@code more}. */
  private Map<String, String> nodeOn(String database, Map<String, String> more) {
    Map<String, String> properties = new HashMap<>(more);
    properties.put("jledger.db.url", urlOf(database));
    properties.put("jledger.db.user", user);
    if (!password.isEmpty()) {
      properties.put("jledger.db.password", password);
    }
    return properties;
  }

  /** The admin URL with its database replaced by {@code database}. */
  private String urlOf(String database) {
    int slash = adminUrl.lastIndexOf('/');
    int query = adminUrl.indexOf('?', slash);
    return adminUrl.substring(0, slash + 1)
        + database
        + (query < 0 ? "" : adminUrl.substring(query));
  }

  private Connection admin() throws SQLException {
    return DriverManager.getConnection(adminUrl, user, password);
  }
}
