package org.jledger.node.boundary;

import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jledger.consensus.jpa.StoredEvidence;
import org.jledger.crypto.Address;
import org.jledger.node.LedgerNode;
import org.jledger.node.NotReadyException;
import org.jledger.transaction.Transaction;
import org.jledger.transaction.TransactionRecord;
import org.jledger.transaction.TransactionStatus;

/**
 * The node's one ledger, for the client API: reads go to the {@link LedgerNode} without a lock (it
 * serves immutable values), writes are serialised with the consensus events by this singleton's
 * write lock.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.CONTAINER)
public class LedgerService {

  private volatile LedgerNode node;
  private volatile Address address;
  private volatile String name = "node";
  private volatile Consumer<JsonObject> gossip = tx -> {};
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
   * Admits a transaction (see {@link LedgerNode#submit}), one at a time: a submission holds a
   * database connection while it waits for the node, and a block commit needs one while it holds
   * the node, so concurrent submissions could take every pooled connection and stall the commit.
   */
  @Lock(LockType.WRITE)
  public TransactionRecord submit(Transaction tx) {
    TransactionRecord record = node().submit(tx);
    if (record.status() == TransactionStatus.PENDING) {
      gossip.accept(tx.toJson());
    }
    return record;
  }

  /** Where admitted transactions are sent so every node's pool can fill a block. */
  @Lock(LockType.WRITE)
  public void gossip(Consumer<JsonObject> sender) {
    this.gossip = sender;
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
