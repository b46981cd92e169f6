package org.jledger.chain.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;

/** A committed block with its certificate, as canonical JSON. */
@Entity
@Table(name = "JLEDGER_BLOCK")
public class StoredBlock {

  @Id
  @Column(name = "HEIGHT")
  private long height;

  @Column(name = "HASH", nullable = false, unique = true, length = 64)
  private String hash;

  @Lob
  @Column(name = "JSON", nullable = false)
  private String json;

  protected StoredBlock() {}

  StoredBlock(long height, String hash, String json) {
    this.height = height;
    this.hash = hash;
    this.json = json;
  }

  long height() {
    return height;
  }

  String json() {
    return json;
  }
}
