package org.jledger.consensus.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;

/** This validator's lock at a height: the locked round and block. */
@Entity
@Table(name = "JLEDGER_LOCK")
public class StoredLock {

  @Id
  @Column(name = "HEIGHT")
  private long height;

  @Column(name = "LOCKED_ROUND", nullable = false)
  private long round;

  @Lob
  @Column(name = "BLOCK_JSON", nullable = false)
  private String block;

  protected StoredLock() {}

  StoredLock(long height, long round, String block) {
    this.height = height;
    this.round = round;
    this.block = block;
  }

  void update(long round, String block) {
    this.round = round;
    this.block = block;
  }

  long round() {
    return round;
  }

  String block() {
    return block;
  }
}
