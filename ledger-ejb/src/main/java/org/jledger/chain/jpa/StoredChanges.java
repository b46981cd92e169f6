package org.jledger.chain.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;
import java.nio.charset.StandardCharsets;

/**
 * The state entries block {@code height} changed, as {@link org.jledger.chain.StateChanges} encodes
 * them (canonical JSON in UTF-8). The value of a key at height h is its latest change at a height
 * below h.
 */
@Entity
@Table(name = "JLEDGER_CHANGES")
public class StoredChanges {

  @Id
  @Column(name = "HEIGHT")
  private long height;

  @Lob
  @Column(name = "CHANGES_UTF8")
  private byte[] changes;

  protected StoredChanges() {}

  StoredChanges(long height, byte[] changes) {
    this.height = height;
    this.changes = changes;
  }

  String json() {
    return new String(changes, StandardCharsets.UTF_8);
  }
}
