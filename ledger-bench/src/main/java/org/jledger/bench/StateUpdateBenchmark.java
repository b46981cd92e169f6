package org.jledger.bench;

import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.jledger.crypto.Address;
import org.jledger.dapp.demo.BalanceModel;
import org.jledger.encoding.CanonicalJson;
import org.jledger.encoding.Hash;
import org.jledger.state.SparseMerkleTree;
import org.jledger.state.StateKey;
import org.jledger.state.StateProof;
import org.jledger.transaction.Nonces;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What one transfer's write set costs the world state at 10,000 and 1,000,000 entries.
 *
 * <p>The state holds {@code keys} entries: {@code keys / 2} accounts, each with a {@code
 * demo.BalanceModel} balance and a {@code plug.model.NonceModel} nonce, built in one pass with
 * {@code State.of}. A write set is what {@code Execution} makes of a {@code BalanceTransfer}: the
 * sender's and the receiver's balances and the sender's nonce, all existing keys, all new values.
 * {@value #WRITE_SETS} write sets between random accounts are prepared and taken in turn; each
 * applies to the same base state, so the state does not grow or drift during a run.
 *
 * <ul>
 *   <li>{@link #withWrites}: the whole {@code State.withWrites}, which checks the values, digests
 *       each key's path and value, updates the sparse Merkle tree and the per-model indexes, and
 *       makes the new state, and then that state's hash (tree root and header digest), which the
 *       state computes when first asked.
 *   <li>{@link #block} and {@link #blockHashingEveryState}: {@value #BLOCK} write sets applied one
 *       after the other, as a block's execution does, and the resulting state's hash; the second
 *       also asks each intermediate state for its hash, as every state did when it was made, before
 *       states and branches hashed on first use (the baseline, in the same run).
 *   <li>{@link #merkleUpdate}: only the tree's share, three {@code SparseMerkleTree.with} calls on
 *       precomputed paths and value hashes, up to the new root.
 *   <li>{@link #stateHashOfRoot}: only the state hash, {@code State.hashOf} over the header.
 *   <li>{@link #rootAndHashAfterWrites}: {@code root()} and {@code hash()} of an updated state
 *       asked before: cached fields.
 *   <li>{@link #prove}: the inclusion proof of an existing entry.
 *   <li>{@link #get}: reading an existing entry, as admitting and executing a transfer does three
 *       times.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
    value = 2,
    jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class StateUpdateBenchmark {

  static final int WRITE_SETS = 1024;

  /** Transfers in one block of {@link #block}. */
  static final int BLOCK = 500;

  private static final String NETWORK_ID = "jledger-bench";
  private static final long HEIGHT = 7;
  private static final long BALANCE = 1_000_000;

  @Param({"10000", "1000000"})
  public int keys;

  private org.jledger.state.State state;
  private org.jledger.state.State updated;
  private SparseMerkleTree tree;
  private Map<StateKey, Optional<JsonValue>>[] writeSets;
  private Hash[][] paths;
  private Hash[][] valueHashes;
  private StateKey[] proved;

  @Setup(Level.Trial)
  @SuppressWarnings("unchecked")
  public void setUp() {
    int accounts = keys / 2;
    String[] addresses = new String[accounts];
    long[] nonces = new long[accounts];
    Map<StateKey, JsonValue> entries = new HashMap<>(keys * 2);
    Map<Hash, Hash> leaves = new HashMap<>(keys * 2);
    for (int i = 0; i < accounts; i++) {
      addresses[i] = address(i);
      nonces[i] = 1 + i % 1000;
      put(entries, leaves, new StateKey(BalanceModel.FQDN, addresses[i]), BalanceModel.of(BALANCE));
      put(
          entries,
          leaves,
          new StateKey(Nonces.MODEL, addresses[i]),
          CanonicalJson.PROVIDER.createValue(nonces[i]));
    }
    Hash previousBlock = Hash.sha256("block 5".getBytes(StandardCharsets.UTF_8));
    state = org.jledger.state.State.of(NETWORK_ID, HEIGHT, previousBlock, entries);
    tree = SparseMerkleTree.of(leaves);
    if (state.size() != keys || !tree.root().equals(state.root())) {
      throw new IllegalStateException("the state and the tree disagree: " + state + ", " + tree);
    }

    SplittableRandom random = new SplittableRandom(20261123);
    writeSets = new Map[WRITE_SETS];
    paths = new Hash[WRITE_SETS][];
    valueHashes = new Hash[WRITE_SETS][];
    proved = new StateKey[WRITE_SETS];
    for (int w = 0; w < WRITE_SETS; w++) {
      int sender = random.nextInt(accounts);
      int receiver = (sender + 1 + random.nextInt(accounts - 1)) % accounts;
      long amount = 1 + random.nextInt(1000);
      Map<StateKey, Optional<JsonValue>> writes = new LinkedHashMap<>();
      writes.put(
          new StateKey(BalanceModel.FQDN, addresses[sender]),
          Optional.of(BalanceModel.of(BALANCE - amount)));
      writes.put(
          new StateKey(BalanceModel.FQDN, addresses[receiver]),
          Optional.of(BalanceModel.of(BALANCE + amount)));
      writes.put(
          new StateKey(Nonces.MODEL, addresses[sender]),
          Optional.of(CanonicalJson.PROVIDER.createValue(nonces[sender] + 1)));
      writeSets[w] = writes;
      paths[w] = writes.keySet().stream().map(StateKey::path).toArray(Hash[]::new);
      valueHashes[w] =
          writes.values().stream().map(v -> StateKey.valueHash(v.get())).toArray(Hash[]::new);
      proved[w] =
          new StateKey(
              random.nextBoolean() ? BalanceModel.FQDN : Nonces.MODEL,
              addresses[random.nextInt(accounts)]);
    }

    updated = state.withWrites(writeSets[0]);
    SparseMerkleTree updatedTree = tree;
    for (int i = 0; i < paths[0].length; i++) {
      updatedTree = updatedTree.with(paths[0][i], valueHashes[0][i]);
    }
    if (updated.root().equals(state.root()) || !updatedTree.root().equals(updated.root())) {
      throw new IllegalStateException("a write set does not change the root as expected");
    }
    StateProof proof = state.prove(proved[0]);
    if (!proof.verify(state.root(), proved[0], state.get(proved[0]).orElseThrow())) {
      throw new IllegalStateException("the proof of " + proved[0] + " does not verify");
    }
  }

  private static void put(
      Map<StateKey, JsonValue> entries, Map<Hash, Hash> leaves, StateKey key, JsonValue value) {
    entries.put(key, value);
    leaves.put(key.path(), StateKey.valueHash(value));
  }

  /** A well-formed address without a key behind it (deriving a million keys would take minutes). */
  private static String address(int i) {
    byte[] digest = Hash.sha256(("account " + i).getBytes(StandardCharsets.UTF_8)).toBytes();
    byte[] payload = new byte[21];
    System.arraycopy(digest, 0, payload, 1, 20);
    return Address.base58Check(payload);
  }

  @Benchmark
  public Hash withWrites(Cursor cursor) {
    return state.withWrites(writeSets[cursor.next(WRITE_SETS)]).hash();
  }

  @Benchmark
  @OperationsPerInvocation(BLOCK)
  public Hash block(Cursor cursor) {
    org.jledger.state.State working = state;
    for (int i = 0; i < BLOCK; i++) {
      working = working.withWrites(writeSets[cursor.next(WRITE_SETS)]);
    }
    return working.hash();
  }

  @Benchmark
  @OperationsPerInvocation(BLOCK)
  public Hash blockHashingEveryState(Cursor cursor, Blackhole blackhole) {
    org.jledger.state.State working = state;
    for (int i = 0; i < BLOCK; i++) {
      working = working.withWrites(writeSets[cursor.next(WRITE_SETS)]);
      blackhole.consume(working.hash());
    }
    return working.hash();
  }

  @Benchmark
  public Hash merkleUpdate(Cursor cursor) {
    int w = cursor.next(WRITE_SETS);
    Hash[] p = paths[w];
    Hash[] v = valueHashes[w];
    return tree.with(p[0], v[0]).with(p[1], v[1]).with(p[2], v[2]).root();
  }

  @Benchmark
  public Hash stateHashOfRoot() {
    return org.jledger.state.State.hashOf(
        HEIGHT, NETWORK_ID, state.previousBlockHash(), updated.root());
  }

  @Benchmark
  public void rootAndHashAfterWrites(Blackhole blackhole) {
    blackhole.consume(updated.root());
    blackhole.consume(updated.hash());
  }

  @Benchmark
  public Optional<JsonValue> get(Cursor cursor) {
    return state.get(proved[cursor.next(WRITE_SETS)]);
  }

  @Benchmark
  public StateProof prove(Cursor cursor) {
    return state.prove(proved[cursor.next(WRITE_SETS)]);
  }
}
