package org.jledger.node;

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
import org.jledger.chain.BlockStore;
import org.jledger.chain.BlockVerifier;
import org.jledger.chain.ChainParameters;
import org.jledger.chain.ChainReplay;
import org.jledger.consensus.Signed;
import org.jledger.consensus.ValidatorSet;
import org.jledger.consensus.VotePayload;
import org.jledger.crypto.Address;
import org.jledger.dapp.DApps;
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
    void blockCommitted(Block block);

    void transactionChanged(TransactionRecord record);

    /**
     * State {@code state} was committed with the block before it; {@code changes} are the entries
     * that block changed (an empty value is a deletion).
     */
    default void stateCommitted(State state, Map<StateKey, Optional<JsonValue>> changes) {}
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

  private volatile PVector<State> states = TreePVector.empty();
  private volatile Block head;
  private volatile boolean ready;
  private final Map<Hash, BlockExecution> executions = new HashMap<>();
  private volatile Set<Hash> inFlight = Set.of();

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
    this.admission = new Admission(parameters.networkId(), parameters.quorum(), dapps);
    Execution execution = new Execution(dapps, parameters.quorum());
    this.builder = new BlockBuilder(parameters, execution);
    this.verifier = new BlockVerifier(parameters, admission, execution);
    this.pool = new Pool(parameters.pendingTtl(), poolCapacity);
  }

  /**
   * Loads and re-verifies the stored chain from genesis, then reloads the pool. A chain that does
   * not verify is refused, naming the first bad height; the node must not start then.
   */
  public synchronized Result<State> start() {
    Result<List<State>> replayed =
        new ChainReplay(verifier, parameters.quorum()).replay(genesis, store);
    if (replayed instanceof Result.Refused<List<State>> r) {
      return Result.refused(r.code(), r.reason());
    }
    states = TreePVector.from(replayed.value());
    head = store.height() == 0 ? null : store.block(store.height() - 1).orElseThrow();
    State headState = head();
    for (BlockStore.Pending p : store.pending()) {
      Result<Admitted> admitted = admission.check(p.transaction(), headState);
      if (admitted instanceof Result.Refused<Admitted> r) {
        store.saveRejected(TransactionRecord.rejected(p.transaction(), r.reason()));
      } else {
        pool.add(admitted.value(), p.arrivedAtHeight());
      }
    }
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
    return states.size() - 1;
  }

  /** The head state. */
  public State head() {
    PVector<State> s = states;
    return s.get(s.size() - 1);
  }

  /** State {@code height}, or the head for -1. */
  public Optional<State> state(long height) {
    PVector<State> s = states;
    long h = height == -1 ? s.size() - 1 : height;
    return h >= 0 && h < s.size() ? Optional.of(s.get((int) h)) : Optional.empty();
  }

  /** The last committed block, if any. */
  public Optional<Block> headBlock() {
    return Optional.ofNullable(head);
  }

  public Optional<Block> block(long height) {
    return height == -1 ? headBlock() : store.block(height);
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

  public synchronized int poolSize() {
    return pool.size();
  }

  /** Whether a pending transaction could go into the next block. */
  public synchronized boolean hasPendingWork() {
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
    Optional<TransactionRecord> r = store.transaction(hash);
    if (r.isPresent() && r.get().status() == TransactionStatus.PENDING && inFlight.contains(hash)) {
      TransactionRecord p = r.get();
      return Optional.of(
          new TransactionRecord(p.transaction(), TransactionStatus.PROPOSED, null, null, null));
    }
    return r;
  }

  /**
   * Admits a transaction (DESIGN section 4): the admission check against the head state, then the
   * pool and the store. Submitting a transaction the node already knows returns what it knows
   * (idempotent).
   *
   * @throws LedgerException with the admission's code and reason when it is refused
   */
  public TransactionRecord submit(Transaction tx) {
    Optional<TransactionRecord> known = store.transaction(tx.hash());
    if (known.isPresent()) {
      return known.get();
    }
    if (!ready) {
      throw new NotReadyException("the node is still loading its chain");
    }
    // The admission check (signatures, the transform's verify) needs no lock: it reads the head
    // state, an immutable value. Should a block commit meanwhile and spend the nonce, the block
    // builder refuses the transaction later with that reason.
    State checkedOn = head();
    Result<Admitted> admitted = admission.check(tx, checkedOn);
    if (admitted instanceof Result.Refused<Admitted> r) {
      throw "not_permitted".equals(r.code())
          ? new NotPermittedException(r.code(), r.reason())
          : new InvalidInputException(r.code(), r.reason());
    }
    TransactionRecord record = TransactionRecord.pending(tx);
    synchronized (this) {
      if (pool.contains(tx.hash())) {
        return record; // the same transaction, submitted twice at once
      }
      if (head() != checkedOn) {
        // a block committed meanwhile, perhaps with this very transaction in it
        Optional<TransactionRecord> committed = store.transaction(tx.hash());
        if (committed.isPresent()) {
          return committed.get();
        }
      }
      Result<Pool.Entry> added = pool.add(admitted.value(), height());
      if (added instanceof Result.Refused<Pool.Entry> r) {
        throw new NotReadyException(r.reason());
      }
      store.savePending(tx, height());
    }
    listeners.forEach(l -> l.transactionChanged(record));
    return record;
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
    Result<BlockExecution> execution = validate(block);
    if (execution instanceof Result.Refused<BlockExecution> r) {
      throw new IllegalStateException("a certified block does not execute: " + r.reason());
    }
    commit(block, certificate, execution.value());
  }

  /**
   * Commits the next block with its certificate: persists it, its state and its transactions'
   * statuses in one store transaction, then advances the head and updates the pool.
   */
  public synchronized void commit(
      Block block, List<Signed<VotePayload>> certificate, BlockExecution execution) {
    if (block.height() != height()) {
      throw new IllegalStateException(
          "block " + block.height() + " does not extend height " + height());
    }
    Block committed = block.withCommits(certificate);
    List<Hash> included = new ArrayList<>();
    for (Transaction tx : block.transactions()) {
      included.add(tx.hash());
    }
    List<Pool.Rejection> rejections = pool.afterCommit(included, execution.state(), block.height());
    List<TransactionRecord> rejected = new ArrayList<>();
    for (Pool.Rejection r : rejections) {
      rejected.add(TransactionRecord.rejected(r.transaction(), r.reason()));
    }
    store.commit(committed, execution, rejected);
    states = states.plus(execution.state());
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
  }
}
