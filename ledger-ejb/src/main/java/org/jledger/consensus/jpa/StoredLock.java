package org.jledger.consensus.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;
import java.nio.charset.StandardCharsets;

/** This validator's lock at a height: the locked round and block (canonical JSON in UTF-8). */
@Entity
@Table(name = "JLEDGER_LOCK")
public class StoredLock {

  @Id
  @Column(name = "HEIGHT")
  private long height;

  @Column(name = "LOCKED_ROUND", nullable = false)
  private long round;

  @Lob
  @Column(name = "BLOCK_UTF8")
  private byte[] block;

  protected StoredLock() {}

  /**
   * @param block the locked block's canonical UTF-8 bytes
   */
  StoredLock(long height, long round, byte[] block) {
    this.height = height;
    update(round, block);
  }

  void update(long round, byte[] block) {
    this.round = round;
    this.block = block;
  }

  long round() {
    return round;
  }

  String block() {
    return new String(block, StandardCharsets.UTF_8);
  }
}
