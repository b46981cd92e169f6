package org.jledger.chain.jpa;

import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jledger.chain.Block;
import org.jledger.chain.BlockExecution;
import org.jledger.chain.BlockStore;
import org.jledger.encoding.CanonicalJson;
import org.jledger.encoding.Hash;
import org.jledger.state.StateKey;
import org.jledger.transaction.Transaction;
import org.jledger.transaction.TransactionRecord;
import org.jledger.transaction.TransactionStatus;

/**
 * The {@link BlockStore} on the node's database (JPA). Writes join the caller's transaction (an
 * EJB's, in the container) and are flushed before returning, so a failed write surfaces before the
 * node moves on. Blocks are read back through {@link Block#fromJson}, so an altered row is refused
 * when the chain is re-verified.
 */
public final class JpaBlockStore implements BlockStore {

  /** Hashes per bulk query (Derby compiles an IN list of many parameters slowly). */
  private static final int CHUNK = 500;

  private final EntityManager em;
  private final AtomicLong arrivals = new AtomicLong(System.currentTimeMillis() * 1000);

  public JpaBlockStore(EntityManager em) {
    this.em = em;
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
   * Writes the block, then its transactions' statuses with one bulk update per {@value #CHUNK}
   * transactions (inserting those this node never stored), then the state entries (batched by the
   * JDBC batch writing of {@code persistence.xml}). A rejection never overwrites a confirmed
   * status.
   */
  @Override
  public void commit(Block block, BlockExecution execution, List<TransactionRecord> rejected) {
    em.persist(
        new StoredBlock(
            block.height(), block.hash().hex(), CanonicalJson.toCanonicalString(block.toJson())));
    List<String> hashes = new ArrayList<>(block.transactions().size());
    block.transactions().forEach(tx -> hashes.add(tx.hash().hex()));
    Set<String> stored = storedHashes(hashes);
    for (Transaction tx : block.transactions()) {
      if (!stored.contains(tx.hash().hex())) {
        StoredTransaction t = created(tx, block.height());
        t.confirm(block.height(), block.hash().hex());
        em.persist(t);
      }
    }
    List<String> update = hashes.stream().filter(stored::contains).toList();
    for (int i = 0; i < update.size(); i += CHUNK) {
      em.createNamedQuery(StoredTransaction.CONFIRM)
          .setParameter("height", block.height())
          .setParameter("block", block.hash().hex())
          .setParameter("hashes", update.subList(i, Math.min(update.size(), i + CHUNK)))
          .executeUpdate();
    }
    for (TransactionRecord r : rejected) {
      reject(r, block.height());
    }
    for (Map.Entry<StateKey, Optional<JsonValue>> e : execution.changes().entrySet()) {
      em.persist(
          new StoredStateEntry(
              block.height(),
              e.getKey().model(),
              e.getKey().key(),
              e.getValue().map(CanonicalJson::toCanonicalString).orElse(null)));
    }
    em.flush();
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

  /** Which of {@code hashes} are stored, in any status. */
  private Set<String> storedHashes(List<String> hashes) {
    Set<String> out = new HashSet<>();
    for (int i = 0; i < hashes.size(); i += CHUNK) {
      out.addAll(
          em.createNamedQuery(StoredTransaction.STORED_HASHES, String.class)
              .setParameter("hashes", hashes.subList(i, Math.min(hashes.size(), i + CHUNK)))
              .getResultList());
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
      t =
          new StoredTransaction(
              tx.hash().hex(),
              TransactionStatus.PENDING.wireName(),
              CanonicalJson.toCanonicalString(tx.toJson()),
              height,
              arrivals.incrementAndGet());
      em.persist(t);
    }
    return t;
  }

  @Override
  public Map<StateKey, Optional<JsonValue>> changes(long height) {
    Map<StateKey, Optional<JsonValue>> out = new TreeMap<>();
    for (StoredStateEntry e :
        em.createQuery(
                "select e from StoredStateEntry e where e.height = :h", StoredStateEntry.class)
            .setParameter("h", height)
            .getResultList()) {
      out.put(
          new StateKey(e.model(), e.entryKey()),
          e.value() == null ? Optional.empty() : Optional.of(CanonicalJson.parse(e.value())));
    }
    return out;
  }

  @Override
  public void savePending(Transaction transaction, long arrivedAtHeight) {
    if (em.find(StoredTransaction.class, transaction.hash().hex()) == null) {
      findOrCreate(transaction, arrivedAtHeight);
      em.flush();
    }
  }

  /**
   * Stores the batch in the caller's transaction: one query for those known, one batched insert.
   */
  @Override
  public void savePending(List<Transaction> transactions, long arrivedAtHeight) {
    List<String> hashes = new ArrayList<>(transactions.size());
    transactions.forEach(tx -> hashes.add(tx.hash().hex()));
    Set<String> stored = storedHashes(hashes);
    for (Transaction tx : transactions) {
      if (stored.add(tx.hash().hex())) {
        em.persist(created(tx, arrivedAtHeight));
      }
    }
    em.flush();
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
