package org.jledger.chain.jpa;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import org.jledger.transaction.TransactionStatus;

/**
 * The batched JDBC statements by which {@link JpaBlockStore} writes rows of {@code
 * JLEDGER_TRANSACTION} (the table of {@link StoredTransaction}), and how one row is added to a
 * batch. The benchmark of a row's cost ({@code TransactionRowBenchmark}) measures these statements
 * as they are.
 */
public final class TransactionRows {

  /** Inserts a row: the parameters as {@link #addInsert} sets them. */
  public static final String INSERT =
      "INSERT INTO JLEDGER_TRANSACTION"
          + " (HASH, STATUS, HEIGHT, BLOCK_HASH, ARRIVED_AT, ARRIVAL, JSON_UTF8)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?)";

  /** Confirms a stored row: the parameters as {@link #addConfirm} sets them. */
  public static final String CONFIRM =
      "UPDATE JLEDGER_TRANSACTION SET STATUS = 'confirmed', HEIGHT = ?, BLOCK_HASH = ?,"
          + " REASON = NULL WHERE HASH = ?";

  private TransactionRows() {}

  /**
   * Adds a row with {@code status} to the batch of {@code insert} (prepared from {@link #INSERT}):
   * a pending one arrived at {@code height}; a confirmed one is in block {@code height}, {@code
   * blockHash}.
   */
  public static void addInsert(
      PreparedStatement insert,
      String hash,
      TransactionStatus status,
      long height,
      String blockHash,
      long arrival,
      byte[] json)
      throws SQLException {
    insert.setString(1, hash);
    insert.setString(2, status.wireName());
    if (status == TransactionStatus.CONFIRMED) {
      insert.setLong(3, height);
      insert.setString(4, blockHash);
    } else {
      insert.setNull(3, Types.BIGINT);
      insert.setNull(4, Types.VARCHAR);
    }
    insert.setLong(5, height);
    insert.setLong(6, arrival);
    insert.setBytes(7, json);
    insert.addBatch();
  }

  /**
   * Adds the confirmation of row {@code hash} in block {@code height}, {@code blockHash} to the
   * batch of {@code confirm} (prepared from {@link #CONFIRM}).
   */
  public static void addConfirm(
      PreparedStatement confirm, String hash, long height, String blockHash) throws SQLException {
    confirm.setLong(1, height);
    confirm.setString(2, blockHash);
    confirm.setString(3, hash);
    confirm.addBatch();
  }
}
