package org.jledger.chain.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;
import java.nio.charset.StandardCharsets;

/**
 * A committed block with its certificate, as canonical JSON in UTF-8 (a BLOB: Derby writes a CLOB
 * to its log a character at a time, which cost a node a fifth of its CPU for blocks of megabytes).
 */
@Entity
@Table(name = "JLEDGER_BLOCK")
public class StoredBlock {

  @Id
  @Column(name = "HEIGHT")
  private long height;

  @Column(name = "HASH", nullable = false, unique = true, length = 64)
  private String hash;

  @Lob
  @Column(name = "JSON_UTF8")
  private byte[] json;

  protected StoredBlock() {}

  /**
   * @param json the block's canonical UTF-8 bytes
   */
  StoredBlock(long height, String hash, byte[] json) {
    this.height = height;
    this.hash = hash;
    this.json = json;
  }

  long height() {
    return height;
  }

  String json() {
    return new String(json, StandardCharsets.UTF_8);
  }

  /** The stored UTF-8 bytes themselves (not a copy): not to be modified. */
  byte[] jsonUtf8() {
    return json;
  }
}
