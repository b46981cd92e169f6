package org.jledger.node.boundary;

import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.EJB;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jledger.LedgerException;
import org.jledger.consensus.jpa.StoredEvidence;
import org.jledger.crypto.Address;
import org.jledger.encoding.CanonicalJson;
import org.jledger.node.LedgerNode;
import org.jledger.node.NotReadyException;
import org.jledger.transaction.Admitted;
import org.jledger.transaction.Transaction;
import org.jledger.transaction.TransactionRecord;

/**
 * The node's one ledger, for the client API: reads go to the {@link LedgerNode} without a lock (it
 * serves immutable values); submissions are checked concurrently and stored in groups by the {@link
 * AdmissionWriter}.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.CONTAINER)
public class LedgerService {

  private volatile LedgerNode node;
  private volatile Address address;
  private volatile String name = "node";
  private static final Logger LOG = Logger.getLogger(LedgerService.class.getName());

  /** How long a client waits for its transaction to be stored before it is told to retry. */
  private static final long STORE_TIMEOUT_SECONDS = 30;

  @EJB private AdmissionWriter writer;
  private final Map<Address, Instant> lastSeen = new ConcurrentHashMap<>();

  @PersistenceContext(unitName = "ledger")
  private EntityManager em;

  /** The loaded, verified ledger. */
  @Lock(LockType.READ)
  public LedgerNode node() {
    LedgerNode n = node;
    if (n == null || !n.isReady()) {
      throw new NotReadyException("the node is loading and verifying its chain");
    }
    return n;
  }

  /** This node's validator address, empty for an observer without a key. */
  @Lock(LockType.READ)
  public Optional<Address> address() {
    return Optional.ofNullable(address);
  }

  @Lock(LockType.READ)
  public String name() {
    return name;
  }

  /**
   * Admits a transaction (see {@link #submitAll}).
   *
   * @throws LedgerException why it was refused; {@link NotReadyException} when the node is loading
   *     or busy, or the store did not answer in time (the client may submit again: it is
   *     idempotent)
   */
  @Lock(LockType.READ)
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  public TransactionRecord submit(Transaction tx) {
    return submitAll(List.of(tx)).get(0).orThrow();
  }

  /** What became of one submitted transaction: its record, or why it was refused. */
  public record Submission(TransactionRecord record, LedgerException refusal) {

    static Submission of(TransactionRecord record) {
      return new Submission(record, null);
    }

    static Submission refused(LedgerException refusal) {
      return new Submission(null, refusal);
    }

    /** The record, or the refusal thrown. */
    public TransactionRecord orThrow() {
      if (refusal != null) {
        throw refusal;
      }
      return record;
    }
  }

  /**
   * Admits transactions, each on its own (see {@link LedgerNode#submit}): the admission checks run
   * on the caller's thread; the {@link AdmissionWriter} then stores those admitted with others in
   * one database transaction, and the answers come once that committed. One the node stored already
   * is answered with what it knows, found when the admission refuses it (confirmed, for instance)
   * or the store holds it: a new transaction costs no lookup of its own. No transaction (and no
   * pooled connection) is held while waiting.
   *
   * @return one submission for each transaction, in their order; one refused with {@link
   *     NotReadyException} when the node is busy or the store did not answer in time (the client
   *     may submit it again: it is idempotent)
   * @throws NotReadyException when the node is loading
   */
  @Lock(LockType.READ)
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  public List<Submission> submitAll(List<Transaction> txs) {
    LedgerNode n = node();
    Submission[] answers = new Submission[txs.size()];
    List<Admitted> admitted = new ArrayList<>(txs.size());
    List<Integer> at = new ArrayList<>(txs.size());
    for (int i = 0; i < answers.length; i++) {
      Transaction tx = txs.get(i);
      try {
        admitted.add(n.admit(tx));
        at.add(i);
      } catch (LedgerException refused) {
        answers[i] =
            n.known(tx.hash()).map(Submission::of).orElseGet(() -> Submission.refused(refused));
      }
    }
    List<CompletableFuture<TransactionRecord>> stored = writer.write(n, admitted);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STORE_TIMEOUT_SECONDS);
    for (int j = 0; j < stored.size(); j++) {
      answers[at.get(j)] = awaitStored(stored.get(j), deadline);
    }
    return Arrays.asList(answers);
  }

  private static Submission awaitStored(
      CompletableFuture<TransactionRecord> stored, long deadline) {
    try {
      return Submission.of(
          stored.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Submission.refused(
          new NotReadyException("interrupted while storing the transaction; submit it again"));
    } catch (ExecutionException e) {
      if (e.getCause() instanceof NotReadyException busy) {
        return Submission.refused(busy);
      }
      LOG.log(Level.WARNING, "Could not store an admitted transaction", e);
    } catch (TimeoutException e) {
      LOG.log(Level.WARNING, "Storing an admitted transaction took too long", e);
    }
    return Submission.refused(
        new NotReadyException("the node could not store the transaction; submit it again"));
  }

  /**
   * Admits transactions gossiped by another node (one transaction object, or an array of them) into
   * the pool, without storing them (their origin did); one that is refused, or arrives while the
   * node is loading or busy, is dropped (its origin keeps it and proposes it itself).
   */
  @Lock(LockType.READ)
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  public void gossiped(String json) {
    LedgerNode n = node;
    if (n == null || !n.isReady()) {
      return;
    }
    JsonValue value = CanonicalJson.parse(json);
    List<JsonValue> transactions = value instanceof JsonArray a ? a : List.of(value);
    for (JsonValue t : transactions) {
      try {
        writer.pool(n, n.admit(Transaction.fromJson(t)));
      } catch (LedgerException e) {
        LOG.fine(() -> "dropped a gossiped transaction: " + e.getMessage());
      }
    }
  }

  /**
   * Where transactions admitted from clients are sent, in batches, so every node's pool can fill a
   * block.
   */
  @Lock(LockType.WRITE)
  public void gossip(Consumer<List<? extends JsonObject>> sender) {
    writer.gossipTo(sender);
  }

  /** Installs the ledger once it is loaded (called by the consensus singleton). */
  @Lock(LockType.WRITE)
  public void loaded(LedgerNode node, Address address, String name) {
    this.node = node;
    this.address = address;
    this.name = name;
  }

  /** Notes that a validly signed consensus message of {@code validator} arrived (or was sent). */
  @Lock(LockType.READ)
  public void seen(Address validator, Instant at) {
    lastSeen.merge(validator, at, (a, b) -> a.isAfter(b) ? a : b);
  }

  /** When this node last had a validly signed consensus message of {@code validator}. */
  @Lock(LockType.READ)
  public Optional<Instant> lastSeen(Address validator) {
    return Optional.ofNullable(lastSeen.get(validator));
  }

  /** Equivocation evidence this node stored, newest first. */
  @Lock(LockType.READ)
  public List<StoredEvidence> evidence(int limit) {
    return em.createNamedQuery(StoredEvidence.NEWEST_FIRST, StoredEvidence.class)
        .setMaxResults(limit)
        .getResultList();
  }
}
