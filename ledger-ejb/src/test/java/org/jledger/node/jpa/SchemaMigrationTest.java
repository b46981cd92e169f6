package org.jledger.node.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jledger.chain.Block;
import org.jledger.chain.jpa.JpaBlockStore;
import org.jledger.chain.jpa.JpaFixture;
import org.jledger.consensus.ConsensusPorts;
import org.jledger.consensus.jpa.JpaSafetyStore;
import org.jledger.encoding.CanonicalJson;
import org.jledger.state.StateKey;
import org.jledger.support.TestNetwork;
import org.jledger.transaction.Transaction;
import org.jledger.transaction.TransactionRecord;
import org.jledger.transaction.TransactionStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database written by schema 1 (JSON in CLOBs) keeps its blocks, transactions, locks and signed
 * messages under schema 2 (UTF-8 BLOBs); one of schema 2 keeps its state entries under schema 4
 * (one row per block).
 */
class SchemaMigrationTest {

  private static final String VOTE = "plug.consensus.Vote";

  @Test
  void aSchema1DatabaseKeepsItsBlocksTransactionsLocksAndSignedMessages(@TempDir Path dir)
      throws Exception {
    Block block = new TestNetwork(2, 100, 1, 67).chain(1).blocks().get(0);
    String blockJson = CanonicalJson.toCanonicalString(block.toJson());
    Transaction tx = block.transactions().get(0);
    JsonObject vote = CanonicalJson.parseObject("{\"fqdn\":\"" + VOTE + "\",\"n\":\"é€\"}");
    String url = "jdbc:derby:" + dir.resolve("db") + ";create=true";
    try (Connection c = DriverManager.getConnection(url, "app", "app");
        Statement s = c.createStatement()) {
      // the tables as schema 1 created them
      s.execute(
          "CREATE TABLE JLEDGER_BLOCK (HEIGHT BIGINT NOT NULL PRIMARY KEY,"
              + " HASH VARCHAR(64) NOT NULL UNIQUE, JSON CLOB NOT NULL)");
      s.execute(
          "CREATE TABLE JLEDGER_LOCK (HEIGHT BIGINT NOT NULL PRIMARY KEY,"
              + " LOCKED_ROUND BIGINT NOT NULL, BLOCK_JSON CLOB NOT NULL)");
      s.execute(
          "CREATE TABLE JLEDGER_SIGNED (SLOT VARCHAR(128) NOT NULL PRIMARY KEY,"
              + " HEIGHT BIGINT NOT NULL, JSON CLOB NOT NULL)");
      s.execute(
          "CREATE TABLE JLEDGER_TRANSACTION (HASH VARCHAR(64) NOT NULL PRIMARY KEY,"
              + " STATUS VARCHAR(16) NOT NULL, HEIGHT BIGINT, BLOCK_HASH VARCHAR(64),"
              + " REASON VARCHAR(2000), ARRIVED_AT BIGINT, ARRIVAL BIGINT NOT NULL,"
              + " JSON CLOB NOT NULL)");
      insert(c, "INSERT INTO JLEDGER_BLOCK VALUES (0, ?, ?)", block.hash().hex(), blockJson);
      insert(
          c,
          "INSERT INTO JLEDGER_TRANSACTION VALUES (?, 'confirmed', 0, ?, NULL, 0, 1, ?)",
          tx.hash().hex(),
          block.hash().hex(),
          CanonicalJson.toCanonicalString(tx.toJson()));
      insert(c, "INSERT INTO JLEDGER_LOCK VALUES (1, 2, ?)", blockJson);
      insert(
          c,
          "INSERT INTO JLEDGER_SIGNED VALUES ('1/0/" + VOTE + "', 1, ?)",
          CanonicalJson.toCanonicalString(vote));
    }

    try (JpaFixture db = JpaFixture.derby(dir)) {
      // the persistence unit has added the new columns; the migration fills them
      try (Connection c = DriverManager.getConnection(url, "app", "app")) {
        c.setAutoCommit(false);
        SchemaMigration.migrate(c, 1);
        c.commit();
        SchemaMigration.migrate(c, 1);
        c.commit();
      }
      db.emf.getCache().evictAll();
      ConsensusPorts.SafetyStore safety =
          db.transactional(new JpaSafetyStore(db.em), ConsensusPorts.SafetyStore.class);
      JpaBlockStore blocks = new JpaBlockStore(db.em);
      assertThat(blocks.block(0).orElseThrow().hash()).isEqualTo(block.hash());
      TransactionRecord stored = blocks.transaction(tx.hash()).orElseThrow();
      assertThat(stored.transaction()).isEqualTo(tx);
      assertThat(stored.status()).isEqualTo(TransactionStatus.CONFIRMED);
      ConsensusPorts.Lock lock = safety.lock(1).orElseThrow();
      assertThat(lock.round()).isEqualTo(2);
      assertThat(lock.block().hash()).isEqualTo(block.hash());
      assertThat(safety.signed(1, 0, VOTE)).contains(vote);

      // and new rows go in without the old columns, megabytes too
      JsonObject big =
          CanonicalJson.parseObject(
              "{\"fqdn\":\"" + VOTE + "\",\"n\":\"" + "x".repeat(3_000_000) + "\"}");
      safety.recordSigned(2, 0, VOTE, big);
      safety.recordLock(2, new ConsensusPorts.Lock(0, block));
      db.emf.getCache().evictAll();
      assertThat(safety.signed(2, 0, VOTE)).contains(big);
      assertThat(safety.lock(2).orElseThrow().block().hash()).isEqualTo(block.hash());
    }
  }

  @Test
  void aSchema2DatabaseLosesTheIndexOfStateEntriesByKeyAndKeepsTheEntriesAsOneRowPerBlock(
      @TempDir Path dir) throws Exception {
    String url = "jdbc:derby:" + dir.resolve("db") + ";create=true";
    try (Connection c = DriverManager.getConnection(url, "app", "app");
        Statement s = c.createStatement()) {
      // the table as schema 2 had it
      s.execute(
          "CREATE TABLE JLEDGER_STATE_ENTRY (HEIGHT BIGINT NOT NULL, MODEL VARCHAR(255) NOT NULL,"
              + " ENTRY_KEY VARCHAR(255) NOT NULL, VALUE_JSON CLOB,"
              + " PRIMARY KEY (HEIGHT, MODEL, ENTRY_KEY))");
      s.execute("CREATE INDEX JLEDGER_STATE_KEY ON JLEDGER_STATE_ENTRY (MODEL, ENTRY_KEY, HEIGHT)");
      s.execute("INSERT INTO JLEDGER_STATE_ENTRY VALUES (0, 'demo.BalanceModel', 'b', '1')");
      s.execute(
          "INSERT INTO JLEDGER_STATE_ENTRY VALUES (0, 'demo.BalanceModel', 'a', '{\"x\":2}')");
      s.execute("INSERT INTO JLEDGER_STATE_ENTRY VALUES (2, 'demo.BalanceModel', 'a', NULL)");
      assertThat(indexes(c)).contains("JLEDGER_STATE_KEY");
    }

    try (JpaFixture db = JpaFixture.derby(dir)) {
      try (Connection c = DriverManager.getConnection(url, "app", "app")) {
        c.setAutoCommit(false);
        SchemaMigration.migrate(c, 2);
        c.commit();
        SchemaMigration.migrate(c, 2);
        c.commit();
        c.setAutoCommit(true);
        assertThat(c.getMetaData().getTables(null, null, "JLEDGER_STATE_ENTRY", null).next())
            .isFalse();
      }
      JpaBlockStore blocks = new JpaBlockStore(db.em);
      assertThat(blocks.changes(0))
          .isEqualTo(
              Map.of(
                  new StateKey("demo.BalanceModel", "a"),
                  Optional.of(CanonicalJson.parse("{\"x\":2}")),
                  new StateKey("demo.BalanceModel", "b"),
                  Optional.of(CanonicalJson.parse("1"))));
      assertThat(blocks.changes(1)).isEmpty();
      assertThat(blocks.changes(2))
          .isEqualTo(Map.of(new StateKey("demo.BalanceModel", "a"), Optional.empty()));
    }
  }

  private static List<String> indexes(Connection c) throws Exception {
    List<String> out = new ArrayList<>();
    try (ResultSet r =
        c.getMetaData().getIndexInfo(null, null, "JLEDGER_STATE_ENTRY", false, false)) {
      while (r.next()) {
        out.add(r.getString("INDEX_NAME"));
      }
    }
    return out;
  }

  private static void insert(Connection c, String sql, String... values) throws Exception {
    try (PreparedStatement p = c.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        p.setString(i + 1, values[i]);
      }
      p.executeUpdate();
    }
  }
}
