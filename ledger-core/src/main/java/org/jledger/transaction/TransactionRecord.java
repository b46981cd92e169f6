package org.jledger.transaction;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.Objects;
import org.jledger.encoding.CanonicalJson;
import org.jledger.encoding.Hash;

/**
 * What a node knows of a transaction: its status, the block that holds it ({@code height} and
 * {@code blockHash}, for {@code confirmed}), the reason of a rejection, and the transaction exactly
 * as signed.
 */
public record TransactionRecord(
    Transaction transaction, TransactionStatus status, Long height, Hash blockHash, String reason) {

  public TransactionRecord {
    Objects.requireNonNull(transaction);
    Objects.requireNonNull(status);
  }

  public static TransactionRecord pending(Transaction tx) {
    return new TransactionRecord(tx, TransactionStatus.PENDING, null, null, null);
  }

  public static TransactionRecord confirmed(Transaction tx, long height, Hash blockHash) {
    return new TransactionRecord(tx, TransactionStatus.CONFIRMED, height, blockHash, null);
  }

  public static TransactionRecord rejected(Transaction tx, String reason) {
    return new TransactionRecord(tx, TransactionStatus.REJECTED, null, null, reason);
  }

  public Hash hash() {
    return transaction.hash();
  }

  /**
   * The API's answer: {@code {"transaction_hash", "status", "height", "block_hash", "reason",
   * "transaction"}}.
   */
  public JsonObject toJson() {
    JsonObjectBuilder b =
        CanonicalJson.PROVIDER
            .createObjectBuilder()
            .add("transaction_hash", hash().hex())
            .add("status", status.wireName());
    if (height == null) {
      b.addNull("height");
    } else {
      b.add("height", height);
    }
    if (blockHash == null) {
      b.addNull("block_hash");
    } else {
      b.add("block_hash", blockHash.hex());
    }
    if (reason == null) {
      b.addNull("reason");
    } else {
      b.add("reason", reason);
    }
    return b.add("transaction", transaction.toJson()).build();
  }
}
