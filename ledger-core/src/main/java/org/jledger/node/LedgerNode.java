package org.jledger.node;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jledger.InvalidInputException;
import org.jledger.LedgerException;
import org.jledger.NotPermittedException;
import org.jledger.Result;
import org.jledger.chain.Block;
import org.jledger.chain.BlockBuilder;
import org.jledger.chain.BlockExecution;
import org.jledger.chain.BlockHeader;
import org.jledger.chain.BlockStore;
import org.jledger.chain.BlockVerifier;
import org.jledger.chain.ChainParameters;
import org.jledger.chain.ChainReplay;
import org.jledger.consensus.Signed;
import org.jledger.consensus.ValidatorSet;
import org.jledger.consensus.VotePayload;
import org.jledger.crypto.Address;
import org.jledger.dapp.DApps;
import org.jledger.encoding.CanonicalJson;
import org.jledger.encoding.Hash;
import org.jledger.state.State;
import org.jledger.state.StateKey;
import org.jledger.transaction.Admission;
import org.jledger.transaction.Admitted;
import org.jledger.transaction.Execution;
import org.jledger.transaction.Pool;
import org.jledger.transaction.Transaction;
import org.jledger.transaction.TransactionRecord;
import org.jledger.transaction.TransactionStatus;
import org.pcollections.PVector;
import org.pcollections.TreePVector;

/**
 * A node's ledger, in plain Java: the verified chain and every state, the pool, admission, and what
 * consensus needs (build a proposal, re-execute a block, commit a certified block). The container
 * adapters call it; it never reads a clock or a database except through what it is given.
 *
 * <p>Mutations are serialised by the caller (the consensus singleton) and also synchronized here;
 * reads are lock-free over immutable values.
 */
public final class LedgerNode {

  /** Told about what happens, e.g. to stream server-sent events. Must not block. */
  public interface Listener {
    default void blockCommitted(Block block) {}

    default void transactionChanged(TransactionRecord record) {}

    /**
     * State {@code state} was committed with the block before it; {@code changes} are the entries
     * that block changed (an empty value is a deletion).
     */
    default void stateCommitted(State state, Map<StateKey, Optional<JsonValue>> changes) {}

    /**
     * Transactions this node stored that are still pending after a block was committed and are due
     * to be gossiped again (see {@link Pool#afterCommit}).
     */
    default void gossipAgain(List<Transaction> transactions) {}
  }

  private final ChainParameters parameters;
  private final DApps dapps;
  private final State genesis;
  private final BlockStore store;
  private final Admission admission;
  private final BlockBuilder builder;
  private final BlockVerifier verifier;
  private final Pool pool;
  private final Clock clock;
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();

  /**
   * The last {@value #RECENT_STATES} states, ending with the head (older ones are rebuilt from the
   * store when asked for): every state held in memory keeps the tree nodes its block changed, three
   * to four megabytes for a block of 1,000 transfers, and 64 of them made most of a node's heap.
   */
  private volatile PVector<State> states = TreePVector.empty();

  static final int RECENT_STATES = 8;

  /** Older states rebuilt lately, by height (at most {@value #REBUILT_STATES}). */
  private final Map<Long, State> rebuilt = new java.util.LinkedHashMap<>();

  private static final int REBUILT_STATES = 4;
  private volatile Block head;
  private volatile boolean ready;
  private final Map<Hash, BlockExecution> executions = new HashMap<>();
  private volatile Set<Hash> inFlight = Set.of();
  private final int poolCapacity;
  private volatile int poolSize;

  /**
   * What the pool already let go of for a block whose store failed (a database that went away): the
   * consensus retries the commit, and the retry must store those rejections too.
   */
  private record Unstored(long height, Set<Hash> storedHere, Pool.AfterCommit pooled) {}

  private Unstored unstored;

  public LedgerNode(
      ChainParameters parameters,
      DApps dapps,
      State genesis,
      BlockStore store,
      Clock clock,
      int poolCapacity) {
    this.parameters = parameters;
    this.dapps = dapps;
    this.genesis = genesis;
    this.store = store;
    this.clock = clock;
    this.admission =
        new Admission(
            parameters.networkId(),
            parameters.quorum(),
            dapps,
            rememberedChecks(poolCapacity, parameters.maxBlockSize()));
    Execution execution = new Execution(dapps, parameters.quorum());
    this.builder = new BlockBuilder(parameters, execution);
    this.verifier = new BlockVerifier(parameters, admission, execution);
    this.pool = new Pool(parameters.pendingTtl(), poolCapacity);
    this.poolCapacity = poolCapacity;
  }

  /**
   * How many checked transactions the admission remembers: those the pool can hold, which is what a
   * block can bring that this node checked before, and two blocks more as a margin (the pool can go
   * over its capacity by what was admitted as it filled). More would only keep committed
   * transactions' checks in the heap: at 65,536 (the admission's default) they were about a tenth
   * of a loaded node's live heap, kept long enough for the old generation to fill with them.
   */
  static int rememberedChecks(int poolCapacity, int maxBlockSize) {
    return (int) Math.min(Integer.MAX_VALUE, poolCapacity + 2L * maxBlockSize);
  }

  /**
   * Loads and re-verifies the stored chain from genesis, then reloads the pool. A chain that does
   * not verify is refused, naming the first bad height; the node must not start then.
   */
  public synchronized Result<State> start() {
    Result<List<State>> replayed =
        new ChainReplay(verifier, parameters.quorum()).replay(genesis, store, RECENT_STATES);
    if (replayed instanceof Result.Refused<List<State>> r) {
      return Result.refused(r.code(), r.reason());
    }
    states = TreePVector.from(replayed.value());
    head = store.height() == 0 ? null : store.block(store.height() - 1).orElseThrow();
    State headState = head();
    pool.head(headState);
    for (BlockStore.Pending p : store.pending()) {
      Result<Admitted> admitted = admission.check(p.transaction(), headState);
      if (admitted instanceof Result.Refused<Admitted> r) {
        store.saveRejected(TransactionRecord.rejected(p.transaction(), r.reason()));
      } else {
        pool.add(admitted.value(), p.arrivedAtHeight(), true);
      }
    }
    poolSize = pool.size();
    ready = true;
    return Result.ok(headState);
  }

  public boolean isReady() {
    return ready;
  }

  public ChainParameters parameters() {
    return parameters;
  }

  /** The DApps this node runs (to resolve model aliases, for instance). */
  public DApps dapps() {
    return dapps;
  }

  public String networkId() {
    return parameters.networkId();
  }

  /** The number of committed blocks, which is the height of the head state. */
  public long height() {
    return head().height();
  }

  /** The head state. */
  public State head() {
    PVector<State> s = states;
    return s.get(s.size() - 1);
  }

  /** State {@code height}, or the head for -1; an old one is rebuilt from the store. */
  public Optional<State> state(long height) {
    PVector<State> s = states;
    long head = s.get(s.size() - 1).height();
    long oldest = head - s.size() + 1;
    long h = height == -1 ? head : height;
    if (h < 0 || h > head) {
      return Optional.empty();
    }
    if (h >= oldest) {
      return Optional.of(s.get((int) (h - oldest)));
    }
    return Optional.of(h == 0 ? genesis : rebuild(h));
  }

  /**
   * Rebuilds an old state from the nearest one below it (genesis, or one rebuilt lately) with the
   * stored changes of each block in between, and checks it against the block that produced it.
   */
  private State rebuild(long height) {
    synchronized (rebuilt) {
      State known = rebuilt.get(height);
      if (known != null) {
        return known;
      }
      State s = genesis;
      for (State r : rebuilt.values()) {
        if (r.height() < height && r.height() > s.height()) {
          s = r;
        }
      }
      while (s.height() < height) {
        long h = s.height();
        Hash previousBlock =
            h == 0 ? null : store.blockHash(h - 1).orElseThrow(() -> missing(h - 1));
        s = s.withWrites(store.changes(h)).successor(BlockHeader.stateLink(previousBlock));
      }
      Hash expected =
          store.block(height - 1).orElseThrow(() -> missing(height - 1)).header().resultStateHash();
      if (!s.hash().equals(expected)) {
        throw new IllegalStateException(
            "the stored changes up to height "
                + height
                + " do not give the state of block "
                + (height - 1));
      }
      rebuilt.put(height, s);
      if (rebuilt.size() > REBUILT_STATES) {
        rebuilt.remove(rebuilt.keySet().iterator().next());
      }
      return s;
    }
  }

  private static IllegalStateException missing(long height) {
    return new IllegalStateException("the store has no block " + height);
  }

  /** The last committed block, if any. */
  public Optional<Block> headBlock() {
    return Optional.ofNullable(head);
  }

  /**
   * Committed block {@code height} (the head block for -1): the head, and a height above it,
   * without a store read.
   */
  public Optional<Block> block(long height) {
    Block h = head;
    return isHeadOrAbove(height, h) ? headIfAt(height, h) : store.block(height);
  }

  /**
   * Committed block {@code height} (the head block for -1) as its canonical JSON in UTF-8: the head
   * encoded from memory, an older block as the store keeps it (no parsing and encoding again).
   */
  public Optional<byte[]> blockJson(long height) {
    Block h = head;
    return isHeadOrAbove(height, h)
        ? headIfAt(height, h).map(b -> CanonicalJson.encode(b.toJson()))
        : store.blockJson(height);
  }

  /** Whether {@code height} is the head's (or -1) or above it, where the store holds nothing. */
  private static boolean isHeadOrAbove(long height, Block head) {
    return height == -1 || head == null || height >= head.height();
  }

  private static Optional<Block> headIfAt(long height, Block head) {
    return head != null && (height == -1 || height == head.height())
        ? Optional.of(head)
        : Optional.empty();
  }

  public Optional<Block> block(Hash hash) {
    return store.block(hash);
  }

  /** Committed blocks, from {@code fromHeight} upwards. */
  public List<Block> blocks(long fromHeight, int limit) {
    return store.blocks(fromHeight, limit);
  }

  /** The validators of the next block (from the head state). */
  public ValidatorSet validators() {
    return verifier.validators(head());
  }

  /** The number of pending transactions (read without the lock). */
  public int poolSize() {
    return poolSize;
  }

  /** Whether a pending transaction could go into the next block. */
  public boolean hasPendingWork() {
    return pool.hasReady(head());
  }

  public void addListener(Listener listener) {
    listeners.add(listener);
  }

  public void removeListener(Listener listener) {
    listeners.remove(listener);
  }

  /**
   * What the node knows of a transaction; {@code proposed} while a block being voted on holds it.
   */
  public Optional<TransactionRecord> transaction(Hash hash) {
    Optional<TransactionRecord> r = known(hash);
    if (r.isPresent()) {
      return r;
    }
    // gossiped here: pooled, but stored only by the node that admitted it from a client
    return pool.get(hash)
        .map(e -> TransactionRecord.pending(e.admitted().transaction()))
        .map(this::proposedIfInFlight);
  }

  private TransactionRecord proposedIfInFlight(TransactionRecord r) {
    return r.status() == TransactionStatus.PENDING && inFlight.contains(r.hash())
        ? new TransactionRecord(r.transaction(), TransactionStatus.PROPOSED, null, null, null)
        : r;
  }

  /**
   * Admits a transaction (DESIGN section 4): the admission check against the head state, then the
   * store and the pool. Submitting a transaction the node already stored returns what it knows
   * (idempotent): {@link #known} is asked only when the admission refuses it or the store holds it
   * already, so a new transaction costs no lookup. This is {@link #admit}, {@link #store} and
   * {@link #accept} for one transaction; a container batches the last two (group commit).
   *
   * @throws LedgerException with the admission's code and reason when it is refused
   */
  public TransactionRecord submit(Transaction tx) {
    Admitted admitted;
    try {
      admitted = admit(tx);
    } catch (LedgerException refused) {
      return known(tx.hash()).orElseThrow(() -> refused);
    }
    Set<Hash> stored = store(List.of(admitted));
    return stored.isEmpty()
        ? known(tx.hash()).orElseThrow()
        : accept(List.of(admitted), stored).get(0);
  }

  /**
   * What this node stored of a transaction, if anything (see {@link #transaction}); one only
   * gossiped here is not stored, so a client submitting it here gets it stored.
   */
  public Optional<TransactionRecord> known(Hash hash) {
    return store.transaction(hash).map(this::proposedIfInFlight);
  }

  /**
   * The admission check against the head state (signatures, nonces, the ACL, the transform's
   * verify), without a lock: the head state is an immutable value. Should a block commit meanwhile
   * and spend the nonce, {@link #accept} or the block builder sees it.
   *
   * @throws NotReadyException while the node loads, or when its pool is full
   * @throws LedgerException with the admission's code and reason when it is refused
   */
  public Admitted admit(Transaction tx) {
    if (!ready) {
      throw new NotReadyException("the node is still loading its chain");
    }
    if (poolSize >= poolCapacity) {
      throw new NotReadyException(
          "the node holds " + poolCapacity + " pending transactions; try again later");
    }
    Result<Admitted> admitted = admission.check(tx, head());
    if (admitted instanceof Result.Refused<Admitted> r) {
      throw "not_permitted".equals(r.code())
          ? new NotPermittedException(r.code(), r.reason())
          : new InvalidInputException(r.code(), r.reason());
    }
    return admitted.value();
  }

  /**
   * Keeps admitted transactions as {@code pending} in the store, all in the caller's one store
   * transaction, so they survive a restart; those the store knows already are left as they are.
   * Takes no lock: call it before {@link #accept}, and answer a client only after the store
   * transaction committed.
   *
   * @return the hashes of those stored now; answer the others with {@link #known} rather than
   *     {@link #accept}
   */
  public Set<Hash> store(List<Admitted> admitted) {
    List<Transaction> txs = new ArrayList<>(admitted.size());
    admitted.forEach(a -> txs.add(a.transaction()));
    return store.savePending(txs, height());
  }

  /**
   * Puts admitted transactions into the pool and tells the listeners, returning each one's record
   * in order, taking only the pool's lock. One whose nonce a block committed meanwhile is looked up
   * in the store instead: that block may hold it. The pool may go beyond its capacity by what was
   * admitted before it filled.
   *
   * @param stored the hashes of those this node {@link #store stored} (the others were gossiped
   *     here): the node gossips these again while they wait
   */
  public List<TransactionRecord> accept(List<Admitted> admitted, Set<Hash> stored) {
    TransactionRecord[] out = new TransactionRecord[admitted.size()];
    boolean[] quiet = new boolean[out.length];
    List<Integer> late = new ArrayList<>();
    // the pool's own lock only: admission never waits for a block being built or stored
    for (int i = 0; i < out.length; i++) {
      Admitted a = admitted.get(i);
      if (pool.offer(a, height(), stored.contains(a.transaction().hash()))) {
        out[i] = TransactionRecord.pending(a.transaction());
      } else {
        late.add(i);
      }
    }
    poolSize = pool.size();
    for (int i : late) {
      Admitted a = admitted.get(i);
      Optional<TransactionRecord> known = store.transaction(a.transaction().hash());
      if (known.isPresent() && known.get().status() != TransactionStatus.PENDING) {
        out[i] = known.get();
      } else if (pool.isInLastCommit(a.transaction().hash())) {
        // in the block being stored right now: confirmed once that is done, not pooled again
        // (and not announced as pending after its confirmation)
        out[i] = TransactionRecord.pending(a.transaction());
        quiet[i] = true;
      } else {
        // spent by another transaction: the next commit rejects it, as for any pending one
        pool.addAdmitted(a, height(), stored.contains(a.transaction().hash()));
        poolSize = pool.size();
        out[i] = TransactionRecord.pending(a.transaction());
      }
    }
    List<TransactionRecord> records = List.of(out);
    for (int i = 0; i < out.length; i++) {
      TransactionRecord r = out[i];
      if (r.status() == TransactionStatus.PENDING && !quiet[i]) {
        listeners.forEach(l -> l.transactionChanged(r));
      }
    }
    return records;
  }

  /**
   * The pending transactions this node stored, in arrival order: after a restart, the other nodes
   * may not have them (their pools are not stored), so the node gossips them again.
   */
  public List<Transaction> storedPending() {
    return pool.stored();
  }

  /** A pending transaction whose content is exactly {@code json} (see {@link Pool#withContent}). */
  public Optional<Transaction> pending(JsonObject json) {
    return pool.withContent(json);
  }

  /**
   * Builds a proposal for the next block from the pool, or empty if no pending transaction can go
   * in.
   */
  public synchronized Optional<BlockBuilder.Built> propose(Address proposer, long round) {
    State state = head();
    if (!pool.hasReady(state)) {
      return Optional.empty();
    }
    BlockBuilder.Built built =
        builder.build(
            state,
            head == null ? null : head.hash(),
            head == null ? List.of() : head.commits(),
            pool.candidates(),
            proposer,
            round,
            clock.instant());
    for (BlockBuilder.Skipped s : built.skipped()) {
      pool.recordFailure(s.transaction().hash(), s.code(), s.reason());
    }
    if (built.block().transactions().isEmpty()) {
      return Optional.empty();
    }
    executions.put(built.block().hash(), built.execution());
    markInFlight(built.block());
    return Optional.of(built);
  }

  /** Re-executes a proposed block for the next height against the head. */
  public synchronized Result<BlockExecution> validate(Block block) {
    BlockExecution known = executions.get(block.hash());
    if (known != null) {
      return Result.ok(known);
    }
    PVector<State> s = states;
    State state = s.get(s.size() - 1);
    ValidatorSet previous = s.size() < 2 ? null : verifier.validators(s.get(s.size() - 2));
    Result<BlockExecution> r =
        verifier.execute(block, state, head == null ? null : head.hash(), previous);
    if (r.isOk()) {
      executions.put(block.hash(), r.value());
      markInFlight(block);
    }
    return r;
  }

  private void markInFlight(Block block) {
    Set<Hash> hashes = new HashSet<>(inFlight);
    block.transactions().forEach(t -> hashes.add(t.hash()));
    inFlight = Set.copyOf(hashes);
  }

  /**
   * Commits the next block with its certificate, re-executing it unless it was proposed or
   * validated here already.
   */
  public synchronized void commit(Block block, List<Signed<VotePayload>> certificate) {
    commit(block, certificate, executed(block), false);
  }

  /**
   * Commits the next block, fetched from a peer with its certificate while this node catches up: as
   * {@link #commit(Block, List)}, but the block does not count toward how long the pool's
   * transactions have waited ({@link Pool#afterCommit}).
   */
  public synchronized void commitFetched(Block block, List<Signed<VotePayload>> certificate) {
    commit(block, certificate, executed(block), true);
  }

  private BlockExecution executed(Block block) {
    Result<BlockExecution> execution = validate(block);
    if (execution instanceof Result.Refused<BlockExecution> r) {
      throw new IllegalStateException("a certified block does not execute: " + r.reason());
    }
    return execution.value();
  }

  /**
   * Commits the next block with its certificate: persists it, its state and its transactions'
   * statuses in one store transaction, then advances the head and updates the pool.
   */
  public synchronized void commit(
      Block block, List<Signed<VotePayload>> certificate, BlockExecution execution) {
    commit(block, certificate, execution, false);
  }

  private void commit(
      Block block,
      List<Signed<VotePayload>> certificate,
      BlockExecution execution,
      boolean fetched) {
    if (block.height() != height()) {
      throw new IllegalStateException(
          "block " + block.height() + " does not extend height " + height());
    }
    Block committed = block.withCommits(certificate);
    List<Hash> included = new ArrayList<>();
    for (Transaction tx : block.transactions()) {
      included.add(tx.hash());
    }
    Set<Hash> storedHere = pool.storedAmong(included);
    Pool.AfterCommit pooled =
        pool.afterCommit(included, execution.state(), block.height(), fetched);
    if (unstored != null && unstored.height() == block.height()) {
      storedHere.addAll(unstored.storedHere());
      pooled = pooled.andEarlier(unstored.pooled());
    }
    poolSize = pool.size();
    List<TransactionRecord> rejected = new ArrayList<>();
    for (Pool.Rejection r : pooled.rejected()) {
      rejected.add(TransactionRecord.rejected(r.transaction(), r.reason()));
    }
    try {
      store.commit(committed, execution, rejected, storedHere);
    } catch (RuntimeException e) {
      unstored = new Unstored(block.height(), storedHere, pooled);
      throw e;
    }
    unstored = null;
    Pool.AfterCommit done = pooled;
    PVector<State> s = states.plus(execution.state());
    states = s.size() > RECENT_STATES ? s.minus(0) : s;
    head = committed;
    executions.clear();
    inFlight = Set.of();
    listeners.forEach(l -> l.blockCommitted(committed));
    listeners.forEach(l -> l.stateCommitted(execution.state(), execution.changes()));
    for (Transaction tx : block.transactions()) {
      TransactionRecord r = TransactionRecord.confirmed(tx, committed.height(), committed.hash());
      listeners.forEach(l -> l.transactionChanged(r));
    }
    rejected.forEach(r -> listeners.forEach(l -> l.transactionChanged(r)));
    if (!done.gossipAgain().isEmpty()) {
      listeners.forEach(l -> l.gossipAgain(done.gossipAgain()));
    }
  }
}
