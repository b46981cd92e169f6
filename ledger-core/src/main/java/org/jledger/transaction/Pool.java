package org.jledger.transaction;

import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jledger.Result;
import org.jledger.encoding.Hash;
import org.jledger.state.StateView;

/**
 * The pending transactions of a node, in arrival order (DESIGN section 4): admitted transactions
 * wait here until a block includes them. One that keeps failing to apply is rejected, with its last
 * reason, once {@code pending_ttl} blocks have been committed since it arrived; one whose nonce a
 * committed block used up is rejected at once. Thread-safe, with its own lock held only briefly, so
 * that admitting transactions never waits for a block being built, validated or stored.
 */
public final class Pool {

  /**
   * A pending transaction, the height of the head when it arrived, whether this node stored it (a
   * client submitted it here, rather than another node gossiping it) and its last failure.
   */
  public record Entry(
      Admitted admitted, long arrivedAt, boolean stored, String lastCode, String lastReason) {

    public Hash hash() {
      return admitted.transaction().hash();
    }

    Entry failed(String code, String reason) {
      return new Entry(admitted, arrivedAt, stored, code, reason);
    }

    Entry storedHere() {
      return new Entry(admitted, arrivedAt, true, lastCode, lastReason);
    }

    /** The same entry, as if it had arrived one block later. */
    Entry arrivedOneLater() {
      return new Entry(admitted, arrivedAt + 1, stored, lastCode, lastReason);
    }
  }

  /** A transaction the pool gave up on. */
  public record Rejection(Transaction transaction, String code, String reason) {}

  /**
   * What committing a block did to the pool: the transactions it gave up on, and those this node
   * stored that have now waited {@link #isTimeToGossipAgain a number of blocks} that calls for
   * gossiping them again.
   */
  public record AfterCommit(List<Rejection> rejected, List<Transaction> gossipAgain) {

    /** This and {@code earlier} together (for a block whose store failed before), once each. */
    public AfterCommit andEarlier(AfterCommit earlier) {
      Map<Hash, Rejection> r = new LinkedHashMap<>();
      Map<Hash, Transaction> g = new LinkedHashMap<>();
      for (AfterCommit a : List.of(earlier, this)) {
        a.rejected.forEach(x -> r.put(x.transaction().hash(), x));
        a.gossipAgain.forEach(x -> g.put(x.hash(), x));
      }
      return new AfterCommit(List.copyOf(r.values()), List.copyOf(g.values()));
    }
  }

  private final int pendingTtl;
  private final int capacity;
  private final Map<Hash, Entry> entries = new LinkedHashMap<>();

  /** The pending transactions by {@link Transaction#firstSignature()}. */
  private final Map<String, Transaction> bySignature = new HashMap<>();

  /** The state the pending transactions wait on: the last one {@link #afterCommit} was given. */
  private StateView head;

  /** The transactions of the block {@link #afterCommit} last saw, which may still be stored. */
  private Set<Hash> lastCommitted = Set.of();

  /** Most transactions a pool holds by default, whatever the heap. */
  public static final int MAX_DEFAULT_CAPACITY = 100_000;

  /**
   * Heap allowed per pooled transaction by default: a transfer keeps about 3 KB ({@code
   * PoolFootprint} in ledger-bench), more while it is also in a proposal and being stored, and the
   * collector needs room.
   */
  public static final long HEAP_PER_TRANSACTION = 32 * 1024;

  /**
   * The default capacity for a JVM whose heap is at most {@code maxHeapBytes}: one transaction per
   * {@value #HEAP_PER_TRANSACTION} bytes, at most {@value #MAX_DEFAULT_CAPACITY} (12,288 in a 384
   * MB heap). A pool sized past the heap does not refuse load, it ends in an {@code
   * OutOfMemoryError} under a long overload, which stops the node.
   */
  public static int defaultCapacity(long maxHeapBytes) {
    return (int) Math.max(1, Math.min(MAX_DEFAULT_CAPACITY, maxHeapBytes / HEAP_PER_TRANSACTION));
  }

  /**
   * @param pendingTtl committed blocks after which a pending transaction is rejected
   * @param capacity most transactions held at once; more are refused with {@code pool_full}
   */
  public Pool(int pendingTtl, int capacity) {
    this.pendingTtl = pendingTtl;
    this.capacity = capacity;
  }

  /**
   * Adds an admitted transaction that arrived when the head was at {@code height}. Adding one that
   * is already pending changes nothing, except that one gossiped here becomes {@code stored}.
   *
   * @param stored whether this node stored it (see {@link Entry})
   */
  public synchronized Result<Entry> add(Admitted admitted, long height, boolean stored) {
    if (!entries.containsKey(admitted.transaction().hash()) && entries.size() >= capacity) {
      return Result.refused(
          "pool_full", "the node holds " + capacity + " pending transactions; try again later");
    }
    return Result.ok(addAdmitted(admitted, height, stored));
  }

  /**
   * Adds an admitted transaction even beyond the capacity (which was checked when it was admitted):
   * refusing one stored already would leave it stored but pending nowhere.
   */
  public synchronized Entry addAdmitted(Admitted admitted, long height, boolean stored) {
    Entry existing = entries.get(admitted.transaction().hash());
    if (existing == null) {
      Entry entry = new Entry(admitted, height, stored, null, null);
      put(entry);
      return entry;
    }
    if (stored && !existing.stored()) {
      // gossiped here first, then submitted by a client: this node answers for it now
      Entry entry = existing.storedHere();
      entries.put(entry.hash(), entry);
      return entry;
    }
    return existing;
  }

  private void put(Entry entry) {
    entries.put(entry.hash(), entry);
    Transaction tx = entry.admitted().transaction();
    bySignature.put(tx.firstSignature(), tx);
  }

  private void forget(Entry entry) {
    Transaction tx = entry.admitted().transaction();
    bySignature.remove(tx.firstSignature(), tx);
  }

  /**
   * The pending transaction whose content {@code json} is, if any (see {@link
   * Transaction#hasContent}), found without encoding or hashing {@code json}.
   */
  public Optional<Transaction> withContent(JsonObject json) {
    String signature = Transaction.firstSignature(json);
    if (signature == null) {
      return Optional.empty();
    }
    Transaction tx;
    synchronized (this) {
      tx = bySignature.get(signature);
    }
    return tx != null && tx.hasContent(json) ? Optional.of(tx) : Optional.empty();
  }

  /** Sets the state the pending transactions wait on (when the pool is first filled). */
  public synchronized void head(StateView state) {
    this.head = state;
  }

  /**
   * Adds an admitted transaction, unless a block committed since it was admitted used up one of its
   * nonces, as {@link #addAdmitted} does otherwise; checked against the pool's own head, in one
   * step with the commits that move it, so no committed transaction slips back in.
   *
   * @return false if a committed block used up its nonce (the caller finds out what happened)
   */
  public synchronized boolean offer(Admitted admitted, long height, boolean stored) {
    Transaction tx = admitted.transaction();
    if (!entries.containsKey(tx.hash()) && head != null && isStale(tx, head)) {
      return false;
    }
    addAdmitted(admitted, height, stored);
    return true;
  }

  /**
   * Whether the transaction is in the block committed last, whose store transaction may not be over
   * yet (so the store may still call it pending).
   */
  public synchronized boolean isInLastCommit(Hash hash) {
    return lastCommitted.contains(hash);
  }

  /** Whether a committed block used up the nonce of one of the proofs of {@code tx}. */
  private static boolean isStale(Transaction tx, StateView head) {
    return staleProof(tx, head).isPresent();
  }

  public synchronized Optional<Entry> get(Hash hash) {
    return Optional.ofNullable(entries.get(hash));
  }

  public synchronized int size() {
    return entries.size();
  }

  public synchronized boolean isEmpty() {
    return entries.isEmpty();
  }

  /** Pending transactions in arrival order, for a block proposal. */
  public synchronized List<Admitted> candidates() {
    List<Admitted> out = new ArrayList<>(entries.size());
    for (Entry e : entries.values()) {
      out.add(e.admitted());
    }
    return out;
  }

  /** Whether any pending transaction could go into the next block. */
  public synchronized boolean hasReady(StateView head) {
    for (Entry e : entries.values()) {
      if (isReady(e.admitted().transaction(), head)) {
        return true;
      }
    }
    return false;
  }

  /** Records why a transaction was left out of a block; it stays pending. */
  public synchronized void recordFailure(Hash hash, String code, String reason) {
    entries.computeIfPresent(hash, (h, e) -> e.failed(code, reason));
  }

  /**
   * Updates the pool after block {@code height} was committed on top of {@code head}: removes the
   * block's transactions, rejects those whose nonce is now used up, and those that have waited
   * {@code pending_ttl} blocks, and picks those this node stored that are due to be gossiped again.
   *
   * <p>A block fetched from a peer while this node catches up does not count toward how long the
   * others waited: the network decided it before (often long before) they arrived here, against a
   * head this node had not reached yet. Counted, a node catching up from far behind would reject as
   * expired what it had just admitted, which the network may well confirm.
   *
   * @param committed hashes of the committed block's transactions
   * @param head the state the committed block produced
   * @param height the committed block's height
   * @param fetched whether the block was fetched from a peer rather than decided with this node
   */
  public synchronized AfterCommit afterCommit(
      Collection<Hash> committed, StateView head, long height, boolean fetched) {
    this.head = head;
    this.lastCommitted = Set.copyOf(committed);
    for (Hash h : committed) {
      Entry e = entries.remove(h);
      if (e != null) {
        forget(e);
      }
    }
    if (fetched) {
      entries.replaceAll((h, e) -> e.arrivedOneLater());
    }
    List<Rejection> rejected = new ArrayList<>();
    List<Transaction> again = new ArrayList<>();
    var it = entries.values().iterator();
    while (it.hasNext()) {
      Entry e = it.next();
      Transaction tx = e.admitted().transaction();
      long waited = height + 1 - e.arrivedAt();
      Optional<String> stale = staleProof(tx, head);
      if (stale.isPresent()) {
        rejected.add(new Rejection(tx, "stale_nonce", stale.get()));
        it.remove();
        forget(e);
      } else if (waited >= pendingTtl) {
        String reason =
            e.lastReason() == null
                ? "still pending after " + pendingTtl + " blocks"
                : "still pending after " + pendingTtl + " blocks; last: " + e.lastReason();
        rejected.add(new Rejection(tx, e.lastCode() == null ? "expired" : e.lastCode(), reason));
        it.remove();
        forget(e);
      } else if (e.stored() && isTimeToGossipAgain(waited)) {
        again.add(tx);
      }
    }
    return new AfterCommit(rejected, again);
  }

  /**
   * Whether a transaction this node stored should be gossiped again after waiting {@code blocks}
   * blocks: after 4, 16 and 64, then every 64. Gossip is best effort (a broker restart or a node
   * that reconnects late loses some), and until another node has it only this node can propose it:
   * should this node lose its database meanwhile, the transaction would be lost with it. Waiting
   * longer each time keeps an overloaded network, where transactions wait many blocks anyway, from
   * gossiping everything again and again.
   */
  static boolean isTimeToGossipAgain(long blocks) {
    return blocks == 4 || blocks == 16 || (blocks > 0 && blocks % 64 == 0);
  }

  /**
   * Which of {@code hashes} are pending here as stored by this node: a hint for storing a block
   * (one a client is storing right now is not pooled yet). A new set, the caller's to change.
   */
  public synchronized Set<Hash> storedAmong(Collection<Hash> hashes) {
    Set<Hash> out = new HashSet<>();
    for (Hash h : hashes) {
      Entry e = entries.get(h);
      if (e != null && e.stored()) {
        out.add(h);
      }
    }
    return out;
  }

  /** The pending transactions this node stored, in arrival order (to gossip after a restart). */
  public synchronized List<Transaction> stored() {
    List<Transaction> out = new ArrayList<>();
    for (Entry e : entries.values()) {
      if (e.stored()) {
        out.add(e.admitted().transaction());
      }
    }
    return out;
  }

  private static boolean isReady(Transaction tx, StateView head) {
    for (SingleKeyProof p : tx.proofs().values()) {
      if (p.nonce() != Nonces.next(head, p.address())) {
        return false;
      }
    }
    return true;
  }

  private static Optional<String> staleProof(Transaction tx, StateView head) {
    for (SingleKeyProof p : tx.proofs().values()) {
      long next = Nonces.next(head, p.address());
      if (p.nonce() < next) {
        return Optional.of(
            "nonce "
                + p.nonce()
                + " of "
                + p.address()
                + " was used by another transaction (next is "
                + next
                + ")");
      }
    }
    return Optional.empty();
  }
}
