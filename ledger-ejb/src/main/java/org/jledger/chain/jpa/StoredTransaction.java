package org.jledger.chain.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Lob;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.nio.charset.StandardCharsets;

/** A transaction the node admitted: its status, the block that holds it, and the JSON as signed. */
@Entity
@NamedQuery(
    name = StoredTransaction.REJECT,
    query =
        "update StoredTransaction t set t.status = 'rejected', t.height = null,"
            + " t.blockHash = null, t.reason = :reason"
            + " where t.hash = :hash and t.status = 'pending'")
@Table(
    name = "JLEDGER_TRANSACTION",
    indexes = @Index(name = "JLEDGER_TX_STATUS", columnList = "STATUS, ARRIVAL"))
public class StoredTransaction {

  static final int REASON_LENGTH = 2000;
  static final String REJECT = "StoredTransaction.reject";

  @Id
  @Column(name = "HASH", length = 64)
  private String hash;

  @Column(name = "STATUS", nullable = false, length = 16)
  private String status;

  @Column(name = "HEIGHT")
  private Long height;

  @Column(name = "BLOCK_HASH", length = 64)
  private String blockHash;

  @Column(name = "REASON", length = REASON_LENGTH)
  private String reason;

  @Column(name = "ARRIVED_AT")
  private long arrivedAt;

  @Column(name = "ARRIVAL", nullable = false)
  private long arrival;

  /** The canonical JSON in UTF-8 (see {@link StoredBlock} for why not text). */
  @Lob
  @Column(name = "JSON_UTF8")
  private byte[] json;

  protected StoredTransaction() {}

  StoredTransaction(String hash, String status, String json, long arrivedAt, long arrival) {
    this.hash = hash;
    this.status = status;
    this.json = json.getBytes(StandardCharsets.UTF_8);
    this.arrivedAt = arrivedAt;
    this.arrival = arrival;
  }

  void reject(String reason) {
    this.status = "rejected";
    this.height = null;
    this.blockHash = null;
    this.reason = shortened(reason);
  }

  /** A reason cut to fit its column. */
  static String shortened(String reason) {
    return reason == null || reason.length() <= REASON_LENGTH
        ? reason
        : reason.substring(0, REASON_LENGTH - 1) + "…";
  }

  String hash() {
    return hash;
  }

  String status() {
    return status;
  }

  Long height() {
    return height;
  }

  String blockHash() {
    return blockHash;
  }

  String reason() {
    return reason;
  }

  long arrivedAt() {
    return arrivedAt;
  }

  String json() {
    return new String(json, StandardCharsets.UTF_8);
  }
}
