package org.jledger.consensus.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;

/** A consensus message this validator signed, one per (height, round, kind), kept forever. */
@Entity
@Table(name = "JLEDGER_SIGNED")
public class StoredSigningRecord {

  @Id
  @Column(name = "SLOT", length = 128)
  private String slot;

  @Column(name = "HEIGHT", nullable = false)
  private long height;

  @Lob
  @Column(name = "JSON", nullable = false)
  private String json;

  protected StoredSigningRecord() {}

  StoredSigningRecord(String slot, long height, String json) {
    this.slot = slot;
    this.height = height;
    this.json = json;
  }

  String json() {
    return json;
  }
}
