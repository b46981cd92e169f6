package org.jledger.consensus.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;
import java.nio.charset.StandardCharsets;

/**
 * A consensus message this validator signed, one per (height, round, kind), kept forever, as
 * canonical JSON in UTF-8.
 */
@Entity
@Table(name = "JLEDGER_SIGNED")
public class StoredSigningRecord {

  @Id
  @Column(name = "SLOT", length = 128)
  private String slot;

  @Column(name = "HEIGHT", nullable = false)
  private long height;

  @Lob
  @Column(name = "JSON_UTF8")
  private byte[] json;

  protected StoredSigningRecord() {}

  /**
   * @param json the signed message's canonical UTF-8 bytes
   */
  StoredSigningRecord(String slot, long height, byte[] json) {
    this.slot = slot;
    this.height = height;
    this.json = json;
  }

  String json() {
    return new String(json, StandardCharsets.UTF_8);
  }
}
