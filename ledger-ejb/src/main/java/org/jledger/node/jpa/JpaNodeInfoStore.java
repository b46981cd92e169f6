package org.jledger.node.jpa;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;

/** Reads and writes the node's {@link StoredNodeInfo} row. */
@Stateless
public class JpaNodeInfoStore {

  @PersistenceContext(unitName = "ledger")
  private EntityManager em;

  /**
   * Records a start of {@code softwareVersion} at {@code now} in one transaction: creates the row
   * on a new database, updates it otherwise.
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
      row.restart(softwareVersion, now);
    }
    em.flush();
    return row;
  }
}
