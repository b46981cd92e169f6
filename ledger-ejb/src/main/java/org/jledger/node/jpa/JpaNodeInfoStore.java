package org.jledger.node.jpa;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;

/** Reads and writes the node's {@link StoredNodeInfo} row. */
@Stateless
public class JpaNodeInfoStore {

  @PersistenceContext(unitName = "ledger")
  private EntityManager em;

  /**
   * Records a start of {@code softwareVersion} at {@code now} in one transaction: creates the row
   * on a new database, updates it otherwise, migrating a database of an older schema first ({@link
   * SchemaMigration}).
   *
   * @return the row as written, detached
   * @throws NewerSchemaException if a newer software wrote the database
   */
  public StoredNodeInfo recordStart(String softwareVersion, Instant now) {
    StoredNodeInfo row = em.find(StoredNodeInfo.class, StoredNodeInfo.THE_ROW);
    if (row == null) {
      row = StoredNodeInfo.firstStart(softwareVersion, now);
      em.persist(row);
    } else {
      if (row.schemaVersion() < StoredNodeInfo.SCHEMA_VERSION) {
        migrate(row.schemaVersion());
      }
      row.restart(softwareVersion, now);
    }
    em.flush();
    return row;
  }

  private void migrate(int fromVersion) {
    em.flush();
    try {
      SchemaMigration.migrate(em.unwrap(Connection.class), fromVersion);
    } catch (SQLException e) {
      throw new PersistenceException(
          "could not migrate the database from schema version " + fromVersion, e);
    }
  }
}
