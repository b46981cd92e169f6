package org.jledger.chain.jpa;

import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jledger.chain.Block;
import org.jledger.chain.BlockExecution;
import org.jledger.chain.BlockStore;
import org.jledger.chain.StateChanges;
import org.jledger.encoding.CanonicalJson;
import org.jledger.encoding.Hash;
import org.jledger.state.StateKey;
import org.jledger.transaction.Transaction;
import org.jledger.transaction.TransactionRecord;
import org.jledger.transaction.TransactionStatus;

/**
 * The {@link BlockStore} on the node's database (JPA). Writes join the caller's transaction (an
 * EJB's, in the container), a block's commit the one it is given, and are flushed before returning,
 * so a failed write surfaces before the node moves on. Blocks are read back through {@link
 * Block#fromJson}, so an altered row is refused when the chain is re-verified.
 */
public final class JpaBlockStore implements BlockStore {

  private final EntityManager em;
  private final Consumer<Runnable> commitTransaction;
  private final AtomicLong arrivals = new AtomicLong(System.currentTimeMillis() * 1000);

  /** A store whose writes join the caller's transaction. */
  public JpaBlockStore(EntityManager em) {
    this(em, Runnable::run);
  }

  /**
   * A store that commits each block in the transaction {@code commitTransaction} runs it in (in the
   * container, a transaction of its own, committed before {@link #commit} returns); other writes
   * join the caller's.
   */
  public JpaBlockStore(EntityManager em, Consumer<Runnable> commitTransaction) {
    this.em = em;
    this.commitTransaction = commitTransaction;
  }

  @Override
  public long height() {
    Long max =
        em.createQuery("select max(b.height) from StoredBlock b", Long.class).getSingleResult();
    return max == null ? 0 : max + 1;
  }

  @Override
  public List<Block> blocks(long fromHeight, int limit) {
    List<Block> out = new ArrayList<>();
    for (StoredBlock b :
        em.createQuery(
                "select b from StoredBlock b where b.height >= :from order by b.height",
                StoredBlock.class)
            .setParameter("from", fromHeight)
            .setMaxResults(limit)
            .getResultList()) {
      out.add(parse(b));
    }
    return out;
  }

  @Override
  public Optional<Block> block(long height) {
    return Optional.ofNullable(em.find(StoredBlock.class, height)).map(JpaBlockStore::parse);
  }

  /** The bytes as stored at commit (the canonical encoding of the block). */
  @Override
  public Optional<byte[]> blockJson(long height) {
    return Optional.ofNullable(em.find(StoredBlock.class, height)).map(StoredBlock::jsonUtf8);
  }

  @Override
  public Optional<Hash> blockHash(long height) {
    return em.createQuery("select b.hash from StoredBlock b where b.height = :h", String.class)
        .setParameter("h", height)
        .getResultStream()
        .findFirst()
        .map(h -> Hash.fromHex(h, "block hash"));
  }

  @Override
  public Optional<Block> block(Hash hash) {
    return em.createQuery("select b from StoredBlock b where b.hash = :hash", StoredBlock.class)
        .setParameter("hash", hash.hex())
        .getResultStream()
        .findFirst()
        .map(JpaBlockStore::parse);
  }

  private static Block parse(StoredBlock b) {
    return Block.fromJson(CanonicalJson.parse(b.json()));
  }

  /**
   * Writes the block and the state entries it changed (one row, see {@link StateChanges}), then its
   * transactions' statuses, inserting those this node never stored, such as those only gossiped
   * here. The transactions' rows, thousands per block, go through JDBC batches on the transaction's
   * own connection: one entity per row cost EclipseLink and Derby seconds per block, and Derby
   * answered an IN list of hundreds of hashes by scanning the whole table. Those {@code storedHere}
   * are confirmed by one batched UPDATE by primary key, the others inserted confirmed: an UPDATE
   * that finds no row costs Derby a warning whose message it looks up through two missing resource
   * bundles. Should the hint be wrong (a client stored one a moment ago), the insert finds its row
   * and confirms it instead; on PostgreSQL the insert is an upsert. A rejection never overwrites a
   * confirmed status.
   */
  @Override
  public void commit(
      Block block,
      BlockExecution execution,
      List<TransactionRecord> rejected,
      Set<Hash> storedHere) {
    commitTransaction.accept(() -> write(block, execution, rejected, storedHere));
  }

  private void write(
      Block block,
      BlockExecution execution,
      List<TransactionRecord> rejected,
      Set<Hash> storedHere) {
    em.persist(
        new StoredBlock(block.height(), block.hash().hex(), CanonicalJson.encode(block.toJson())));
    em.persist(new StoredChanges(block.height(), StateChanges.encode(execution.changes())));
    em.flush();
    Connection c = connection();
    try {
      String blockHash = block.hash().hex();
      List<Transaction> stored = new ArrayList<>();
      List<Transaction> others = new ArrayList<>();
      for (Transaction tx : block.transactions()) {
        (storedHere.contains(tx.hash()) ? stored : others).add(tx);
      }
      others.addAll(confirm(c, stored, block.height(), blockHash));
      insertConfirmed(c, others, block.height(), blockHash);
    } catch (SQLException e) {
      throw new PersistenceException("could not store block " + block.height(), e);
    }
    for (TransactionRecord r : rejected) {
      reject(r, block.height());
    }
    em.flush();
  }

  /**
   * Inserts transactions confirmed in block {@code height}; one stored meanwhile is confirmed
   * instead. PostgreSQL does that in the statement ({@code ON CONFLICT}); elsewhere the rows found
   * stored are confirmed after the others are inserted (see {@link #insertNew}).
   */
  private void insertConfirmed(
      Connection c, List<Transaction> transactions, long height, String blockHash)
      throws SQLException {
    if (isPostgres(c)) {
      insert(c, transactions, TransactionStatus.CONFIRMED, height, blockHash);
      return;
    }
    // those a client stored a moment before (the hint did not know them yet) are confirmed instead
    confirm(
        c,
        insertNew(c, transactions, TransactionStatus.CONFIRMED, height, blockHash),
        height,
        blockHash);
  }

  /**
   * Inserts those of {@code transactions} not stored yet, in batches, and returns the others (not
   * for PostgreSQL: a failed statement there fails the whole transaction). Derby undoes only the
   * statement that failed and ends the batch there: the rows not inserted are probed, those stored
   * already are left out and the rest inserted again; a failure for another reason (none of them
   * was stored) is thrown. A batch that meets no stored row costs no probe.
   */
  private List<Transaction> insertNew(
      Connection c,
      List<Transaction> transactions,
      TransactionStatus status,
      long height,
      String blockHash)
      throws SQLException {
    List<Transaction> stored = new ArrayList<>();
    List<Transaction> left = transactions;
    while (!left.isEmpty()) {
      try {
        insert(c, left, status, height, blockHash);
        return stored;
      } catch (BatchUpdateException e) {
        int[] done = e.getUpdateCounts();
        List<Transaction> notInserted = new ArrayList<>();
        for (int i = 0; i < left.size(); i++) {
          if (i >= done.length || done[i] == Statement.EXECUTE_FAILED) {
            notInserted.add(left.get(i));
          }
        }
        Set<String> found = storedHashes(notInserted);
        if (found.isEmpty()) {
          throw e;
        }
        left = new ArrayList<>();
        for (Transaction tx : notInserted) {
          (found.contains(tx.hash().hex()) ? stored : left).add(tx);
        }
      }
    }
    return stored;
  }

  private Boolean postgres;

  private boolean isPostgres(Connection c) throws SQLException {
    if (postgres == null) {
      postgres =
          c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
    }
    return postgres;
  }

  /**
   * Marks the stored ones of {@code transactions} confirmed in one batch; returns the others. A
   * driver that does not count a batch's rows ({@link Statement#SUCCESS_NO_INFO}) has those probed.
   */
  private List<Transaction> confirm(
      Connection c, List<Transaction> transactions, long height, String blockHash)
      throws SQLException {
    if (transactions.isEmpty()) {
      return new ArrayList<>();
    }
    int[] counts;
    try (PreparedStatement confirm = c.prepareStatement(TransactionRows.CONFIRM)) {
      for (Transaction tx : transactions) {
        TransactionRows.addConfirm(confirm, tx.hash().hex(), height, blockHash);
      }
      counts = confirm.executeBatch();
    }
    List<Transaction> unknown = new ArrayList<>();
    List<Transaction> uncounted = new ArrayList<>();
    for (int i = 0; i < transactions.size(); i++) {
      if (counts[i] == 0) {
        unknown.add(transactions.get(i));
      } else if (counts[i] == Statement.SUCCESS_NO_INFO) {
        uncounted.add(transactions.get(i));
      }
    }
    if (!uncounted.isEmpty()) {
      Set<String> stored = storedHashes(uncounted);
      uncounted.stream().filter(tx -> !stored.contains(tx.hash().hex())).forEach(unknown::add);
    }
    return unknown;
  }

  /** PostgreSQL's insert of confirmed transactions: one a client stored meanwhile is confirmed. */
  private static final String UPSERT_CONFIRMED =
      TransactionRows.INSERT
          + " ON CONFLICT (HASH) DO UPDATE SET STATUS = 'confirmed', HEIGHT = EXCLUDED.HEIGHT,"
          + " BLOCK_HASH = EXCLUDED.BLOCK_HASH, REASON = NULL";

  private static final String STORED = "SELECT HASH FROM JLEDGER_TRANSACTION WHERE HASH = ?";

  /** The JDBC connection of the current transaction (the caller's, as for the entities). */
  private Connection connection() {
    Connection c = em.unwrap(Connection.class);
    if (c == null) {
      throw new IllegalStateException("the block store writes only within a transaction");
    }
    return c;
  }

  /**
   * Inserts transactions with one status: pending ones arrived at {@code height}; confirmed ones
   * are in block {@code height}.
   */
  private void insert(
      Connection c,
      List<Transaction> transactions,
      TransactionStatus status,
      long height,
      String blockHash)
      throws SQLException {
    if (transactions.isEmpty()) {
      return;
    }
    boolean confirmed = status == TransactionStatus.CONFIRMED;
    String sql = confirmed && isPostgres(c) ? UPSERT_CONFIRMED : TransactionRows.INSERT;
    try (PreparedStatement insert = c.prepareStatement(sql)) {
      for (Transaction tx : transactions) {
        TransactionRows.addInsert(
            insert,
            tx.hash().hex(),
            status,
            height,
            blockHash,
            arrivals.incrementAndGet(),
            CanonicalJson.encode(tx.toJson()));
      }
      insert.executeBatch();
    }
  }

  /** Rejects a transaction unless a block confirmed it; stores it first if it is unknown. */
  private void reject(TransactionRecord r, long height) {
    int changed =
        em.createNamedQuery(StoredTransaction.REJECT)
            .setParameter("reason", StoredTransaction.shortened(r.reason()))
            .setParameter("hash", r.hash().hex())
            .executeUpdate();
    if (changed == 0 && em.find(StoredTransaction.class, r.hash().hex()) == null) {
      StoredTransaction t = created(r.transaction(), height);
      t.reject(r.reason());
      em.persist(t);
    }
  }

  /**
   * The hashes of those of {@code transactions} that are stored, in any status: one primary-key
   * probe each, since Derby scans the table for a long IN list.
   */
  private Set<String> storedHashes(List<Transaction> transactions) {
    Set<String> out = new HashSet<>();
    try (PreparedStatement s = connection().prepareStatement(STORED)) {
      for (Transaction tx : transactions) {
        String hash = tx.hash().hex();
        s.setString(1, hash);
        try (ResultSet r = s.executeQuery()) {
          if (r.next()) {
            out.add(hash);
          }
        }
      }
    } catch (SQLException e) {
      throw new PersistenceException("could not look up stored transactions", e);
    }
    return out;
  }

  private StoredTransaction created(Transaction tx, long height) {
    return new StoredTransaction(
        tx.hash().hex(),
        TransactionStatus.PENDING.wireName(),
        CanonicalJson.toCanonicalString(tx.toJson()),
        height,
        arrivals.incrementAndGet());
  }

  private StoredTransaction findOrCreate(Transaction tx, long height) {
    StoredTransaction t = em.find(StoredTransaction.class, tx.hash().hex());
    if (t == null) {
      t = created(tx, height);
      em.persist(t);
    }
    return t;
  }

  /** What block {@code height} changed; nothing for a height without a row (see the replay). */
  @Override
  public Map<StateKey, Optional<JsonValue>> changes(long height) {
    StoredChanges stored = em.find(StoredChanges.class, height);
    return stored == null ? Map.of() : StateChanges.decode(stored.json());
  }

  @Override
  public boolean savePending(Transaction transaction, long arrivedAtHeight) {
    return !savePending(List.of(transaction), arrivedAtHeight).isEmpty();
  }

  /**
   * Stores the batch in the caller's transaction, in one batched insert (those already stored are
   * found when the insert meets them, see {@link #insertNew}); on PostgreSQL, where a failed insert
   * fails the transaction, a probe per hash first.
   */
  @Override
  public Set<Hash> savePending(List<Transaction> transactions, long arrivedAtHeight) {
    em.flush();
    Map<Hash, Transaction> distinct = new LinkedHashMap<>();
    transactions.forEach(tx -> distinct.putIfAbsent(tx.hash(), tx));
    List<Transaction> fresh = new ArrayList<>(distinct.values());
    try {
      Connection c = connection();
      if (isPostgres(c)) {
        Set<String> stored = storedHashes(fresh);
        fresh.removeIf(tx -> stored.contains(tx.hash().hex()));
        insert(c, fresh, TransactionStatus.PENDING, arrivedAtHeight, null);
      } else {
        fresh.removeAll(insertNew(c, fresh, TransactionStatus.PENDING, arrivedAtHeight, null));
      }
    } catch (SQLException e) {
      throw new PersistenceException("could not store pending transactions", e);
    }
    Set<Hash> out = new HashSet<>();
    fresh.forEach(tx -> out.add(tx.hash()));
    return out;
  }

  @Override
  public void saveRejected(TransactionRecord rejected) {
    findOrCreate(rejected.transaction(), 0).reject(rejected.reason());
    em.flush();
  }

  @Override
  public List<Pending> pending() {
    List<Pending> out = new ArrayList<>();
    for (StoredTransaction t :
        em.createQuery(
                "select t from StoredTransaction t where t.status = :s order by t.arrival",
                StoredTransaction.class)
            .setParameter("s", TransactionStatus.PENDING.wireName())
            .getResultList()) {
      out.add(new Pending(Transaction.parse(t.json()), t.arrivedAt()));
    }
    return out;
  }

  @Override
  public Optional<TransactionRecord> transaction(Hash hash) {
    StoredTransaction t = em.find(StoredTransaction.class, hash.hex());
    if (t == null) {
      return Optional.empty();
    }
    return Optional.of(
        new TransactionRecord(
            Transaction.parse(t.json()),
            TransactionStatus.valueOf(t.status().toUpperCase(java.util.Locale.ROOT)),
            t.height(),
            t.blockHash() == null ? null : Hash.fromHex(t.blockHash(), "block hash"),
            t.reason()));
  }
}
