package org.jledger.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.jledger.chain.jpa.TransactionRows;
import org.jledger.encoding.CanonicalJson;
import org.jledger.transaction.TransactionStatus;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What storing a committed transaction's row costs a node on embedded Derby, against one Ed25519
 * verify in the same run: every node writes a row for every transaction of every block (inserted
 * confirmed when another node admitted it, updated from pending to confirmed when it was stored
 * here first), so this row is, with the verify, the per-transaction floor of a node's work.
 *
 * <p>The table is {@code JLEDGER_TRANSACTION} as the node's JPA mapping creates it on Derby (its
 * DDL as {@code dblook} shows it: the hash as primary key, the {@code (STATUS, ARRIVAL)} index, the
 * canonical JSON as a BLOB), already holding {@value #ROWS_BEFORE} rows so that its random-keyed
 * index is as deep as a running ledger's. Rows go in through plain JDBC batches of {@value #BLOCK}
 * in one transaction per batch, by the statements {@code JpaBlockStore} writes a block's rows with
 * ({@link TransactionRows}), without the container's connection pool and EclipseLink around them: a
 * lower bound for what a node pays. Scores are rows (or verifies) per second on one thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
public class TransactionRowBenchmark {

  static final int BLOCK = 1000;
  static final int ROWS_BEFORE = 100_000;

  private SignedChallenge baseline;

  @Setup(Level.Trial)
  public void setUp() {
    baseline = SignedChallenge.of(new TransferNetwork(1).transactions[0]);
  }

  /**
   * The baseline: BouncyCastle's Ed25519 verify of a transaction's 32-byte challenge, in a JVM of
   * its own without the database (whose background threads would share its core).
   */
  @Benchmark
  public boolean ed25519Verify() {
    return baseline.verify();
  }

  /** A block's rows of transactions this node never stored: inserted confirmed. */
  @Benchmark
  @OperationsPerInvocation(BLOCK)
  public void insertConfirmed(Table table) throws SQLException {
    table.insertBlock(TransactionStatus.CONFIRMED);
  }

  /** Rows this node stored as pending when a client submitted them, confirmed by their block. */
  @Benchmark
  @OperationsPerInvocation(BLOCK)
  public int[] confirmPending(Table table, Pending pending) throws SQLException {
    return table.confirm(pending.hashes);
  }

  /**
   * A block's rows stored as pending before each confirmation (not timed), for {@link
   * #confirmPending} alone: the other benchmarks' tables grow only by what they measure.
   */
  @State(Scope.Benchmark)
  public static class Pending {

    private String[] hashes;

    @Setup(Level.Invocation)
    public void store(Table table) throws SQLException {
      hashes = table.insertBlock(TransactionStatus.PENDING);
    }
  }

  /** The table in an embedded Derby database of its own, and the rows of the benchmark's blocks. */
  @State(Scope.Benchmark)
  public static class Table {

    private Path folder;
    private Connection connection;
    private byte[] json;
    private final SplittableRandom random = new SplittableRandom(42);
    private long height;
    private long arrival;

    @Setup(Level.Trial)
    public void open() throws IOException, SQLException {
      json = CanonicalJson.encode(new TransferNetwork(1).transactions[0].toJson());
      folder = Files.createTempDirectory("jledger-row-bench");
      System.setProperty("derby.stream.error.file", folder.resolve("derby.log").toString());
      connection =
          DriverManager.getConnection("jdbc:derby:" + folder.resolve("db") + ";create=true");
      connection.setAutoCommit(false);
      try (Statement s = connection.createStatement()) {
        s.execute(
            "CREATE TABLE JLEDGER_TRANSACTION (HASH VARCHAR(64) NOT NULL, ARRIVAL BIGINT NOT"
                + " NULL, ARRIVED_AT BIGINT, BLOCK_HASH VARCHAR(64), HEIGHT BIGINT,"
                + " JSON_UTF8 BLOB(2147483647), REASON VARCHAR(2000), STATUS VARCHAR(16) NOT NULL,"
                + " PRIMARY KEY (HASH))");
        s.execute("CREATE INDEX JLEDGER_TX_STATUS ON JLEDGER_TRANSACTION (STATUS, ARRIVAL)");
      }
      connection.commit();
      for (int i = 0; i < ROWS_BEFORE / BLOCK; i++) {
        insertBlock(TransactionStatus.CONFIRMED);
      }
    }

    @TearDown(Level.Trial)
    public void close() throws IOException, SQLException {
      connection.close();
      try {
        DriverManager.getConnection("jdbc:derby:;shutdown=true");
      } catch (SQLException shutDown) {
        // Derby reports a clean shutdown as an exception (XJ015)
      }
      try (var paths = Files.walk(folder)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }

    /** Confirms the pending rows {@code hashes} in one batch, as a block of theirs does. */
    int[] confirm(String[] hashes) throws SQLException {
      String blockHash = hex();
      try (PreparedStatement confirm = connection.prepareStatement(TransactionRows.CONFIRM)) {
        for (String hash : hashes) {
          TransactionRows.addConfirm(confirm, hash, height, blockHash);
        }
        int[] counts = confirm.executeBatch();
        connection.commit();
        return counts;
      }
    }

    String[] insertBlock(TransactionStatus status) throws SQLException {
      String[] hashes = new String[BLOCK];
      String blockHash = hex();
      height++;
      try (PreparedStatement insert = connection.prepareStatement(TransactionRows.INSERT)) {
        for (int i = 0; i < BLOCK; i++) {
          hashes[i] = hex();
          TransactionRows.addInsert(insert, hashes[i], status, height, blockHash, arrival++, json);
        }
        insert.executeBatch();
      }
      connection.commit();
      return hashes;
    }

    /** A random 32-byte hash in hex, as the table keys transactions and blocks. */
    private String hex() {
      byte[] bytes = new byte[32];
      random.nextBytes(bytes);
      return HexFormat.of().formatHex(bytes);
    }
  }
}
