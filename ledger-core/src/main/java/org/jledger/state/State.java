package org.jledger.state;

import io.vavr.Tuple2;
import io.vavr.collection.HashMap;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.function.BiPredicate;
import org.jledger.encoding.CanonicalJson;
import org.jledger.encoding.Hash;
import org.pcollections.PSortedMap;
import org.pcollections.TreePMap;

/**
 * The world state {@code h}: the entries {@code (model_fqdn, key) -> value} after {@code h} blocks
 * of one network (DESIGN section 6, normative). State 0 is the genesis state.
 *
 * <p>An immutable value. Its {@link #root()} is the root of the sparse Merkle tree over the entries
 * and its {@link #hash()} is {@code digest({"height": h, "network_id": N, "previous_block_hash": p,
 * "state_root": hex})}. Block {@code h} produces State {@code h+1}, whose {@code
 * previous_block_hash} is the hash of block {@code h-1}, the block before the one that produced it
 * (it cannot be the producing block: that block's hash covers this state's hash). {@code p} is null
 * for State 0 and 32 zero bytes for State 1, as block 0 has no predecessor. The tree and the
 * per-model indexes are persistent, so a state made by {@link #withWrites} or {@link #successor}
 * shares everything it did not change with the state it came from: keeping every height costs only
 * what changed.
 *
 * <p>Thread-safe. Equality is by state hash, which covers the height, the network, the previous
 * block and, through the root, every entry.
 */
public final class State implements StateView {

  /** The {@code fqdn} of a state's JSON form. */
  public static final String FQDN = "plug.consensus.State";

  private final String networkId;
  private final long height;
  private final Hash previousBlockHash;
  private final SparseMerkleTree tree;

  /**
   * Each model's entries, by key, in a hash array mapped trie: a read, most of what a state is used
   * for (a transfer's admission and execution read its accounts' balances and nonce), follows a few
   * nodes where a sorted tree compared strings along some twenty (see {@code
   * StateUpdateBenchmark.get}); the few uses that need them in order sort them.
   */
  private final PSortedMap<String, HashMap<String, JsonValue>> models;

  private static final HashMap<String, JsonValue> NONE = HashMap.empty();
  private Hash hash; // computed on first use: the states between a block's writes never are

  private State(
      String networkId,
      long height,
      Hash previousBlockHash,
      SparseMerkleTree tree,
      PSortedMap<String, HashMap<String, JsonValue>> models) {
    this.networkId = networkId;
    this.height = height;
    this.previousBlockHash = previousBlockHash;
    this.tree = tree;
    this.models = models;
  }

  /** State 0 of a network: height 0, no previous block, the given entries. */
  public static State genesis(String networkId, Map<StateKey, JsonValue> entries) {
    return of(networkId, 0, null, entries);
  }

  /**
   * The state at {@code height} with the given entries, e.g. when loading a stored state; the tree
   * is built in one pass. {@code previousBlockHash} must be null exactly when {@code height} is 0.
   */
  public static State of(
      String networkId, long height, Hash previousBlockHash, Map<StateKey, JsonValue> entries) {
    checkHeader(networkId, height, previousBlockHash);
    Map<Hash, Hash> leaves = new java.util.HashMap<>(entries.size() * 2);
    Map<String, Map<String, JsonValue>> byModel = new java.util.HashMap<>();
    for (Map.Entry<StateKey, JsonValue> e : entries.entrySet()) {
      StateKey key = Objects.requireNonNull(e.getKey(), "state key");
      JsonValue value = checked(key, e.getValue());
      leaves.put(key.path(), StateKey.valueHash(value));
      byModel.computeIfAbsent(key.model(), m -> new java.util.HashMap<>()).put(key.key(), value);
    }
    PSortedMap<String, HashMap<String, JsonValue>> models = TreePMap.empty();
    for (Map.Entry<String, Map<String, JsonValue>> e : byModel.entrySet()) {
      models = models.plus(e.getKey(), HashMap.ofAll(e.getValue()));
    }
    return new State(networkId, height, previousBlockHash, SparseMerkleTree.of(leaves), models);
  }

  private static void checkHeader(String networkId, long height, Hash previousBlockHash) {
    if (networkId == null || networkId.isEmpty()) {
      throw new IllegalArgumentException("a state needs a network id");
    }
    if (height < 0 || height > CanonicalJson.MAX_SAFE_INTEGER) {
      throw new IllegalArgumentException("a state height is in [0, 2^53-1], got " + height);
    }
    if ((height == 0) != (previousBlockHash == null)) {
      throw new IllegalArgumentException(
          "the previous block hash is null exactly for State 0 (height " + height + ")");
    }
  }

  private static JsonValue checked(StateKey key, JsonValue value) {
    Objects.requireNonNull(value, () -> "the value of " + key + " (absent keys are not stored)");
    CanonicalJson.check(value, key.model() + "/" + key.key());
    return value;
  }

  /**
   * This state with the writes applied: a present value stores exactly that value, an empty one
   * deletes the key. The height and previous block hash stay the same. Every value is checked for
   * canonical encoding before anything changes.
   */
  public State withWrites(Map<StateKey, Optional<JsonValue>> writes) {
    for (Map.Entry<StateKey, Optional<JsonValue>> w : writes.entrySet()) {
      Objects.requireNonNull(w.getKey(), "state key");
      Objects.requireNonNull(w.getValue(), () -> "the write of " + w.getKey());
      w.getValue().ifPresent(value -> checked(w.getKey(), value));
    }
    if (writes.isEmpty()) {
      return this;
    }
    SparseMerkleTree t = tree;
    PSortedMap<String, HashMap<String, JsonValue>> m = models;
    for (Map.Entry<StateKey, Optional<JsonValue>> w : writes.entrySet()) {
      StateKey key = w.getKey();
      HashMap<String, JsonValue> entries = m.getOrDefault(key.model(), NONE);
      if (w.getValue().isPresent()) {
        JsonValue value = w.getValue().get();
        t = t.with(key.path(), StateKey.valueHash(value));
        m = m.plus(key.model(), entries.put(key.key(), value));
      } else if (entries.containsKey(key.key())) {
        t = t.without(key.path());
        entries = entries.remove(key.key());
        m = entries.isEmpty() ? m.minus(key.model()) : m.plus(key.model(), entries);
      }
    }
    return new State(networkId, height, previousBlockHash, t, m);
  }

  /** State {@code h + 1} before any block's writes: the same entries after the given block. */
  public State successor(Hash previousBlockHash) {
    Objects.requireNonNull(previousBlockHash, "previous block hash");
    return new State(networkId, Math.addExact(height, 1), previousBlockHash, tree, models);
  }

  /**
   * {@code digest({"height": h, "network_id": N, "previous_block_hash": p, "state_root": hex})},
   * with {@code p} null for State 0.
   */
  public static Hash hashOf(
      long height, String networkId, Hash previousBlockHashOrNull, Hash root) {
    return CanonicalJson.digest(header(height, networkId, previousBlockHashOrNull, root));
  }

  private static JsonObject header(long height, String networkId, Hash previous, Hash root) {
    JsonObjectBuilder json =
        CanonicalJson.PROVIDER
            .createObjectBuilder()
            .add("height", height)
            .add("network_id", networkId);
    if (previous == null) {
      json.addNull("previous_block_hash");
    } else {
      json.add("previous_block_hash", previous.hex());
    }
    return json.add("state_root", root.hex()).build();
  }

  public String networkId() {
    return networkId;
  }

  public long height() {
    return height;
  }

  /** The hash of block {@code h - 1}, which produced this state; null for State 0. */
  public Hash previousBlockHash() {
    return previousBlockHash;
  }

  /** The root of the sparse Merkle tree over the entries. */
  public Hash root() {
    return tree.root();
  }

  /** The state hash. */
  public Hash hash() {
    Hash h = hash;
    if (h == null) {
      // a race computes the same immutable value twice
      hash = h = hashOf(height, networkId, previousBlockHash, tree.root());
    }
    return h;
  }

  /**
   * The object the state hash digests: {@code {"height", "network_id", "previous_block_hash",
   * "state_root"}}; the API returns it with each proof so clients can recompute the hash.
   */
  public JsonObject header() {
    return header(height, networkId, previousBlockHash, tree.root());
  }

  @Override
  public Optional<JsonValue> get(String model, String key) {
    HashMap<String, JsonValue> entries = models.get(model);
    return entries == null ? Optional.empty() : Optional.ofNullable(entries.getOrElse(key, null));
  }

  public Optional<JsonValue> get(StateKey key) {
    return get(key.model(), key.key());
  }

  /** The models that hold at least one entry, in order. */
  public SortedSet<String> models() {
    return models.keySet();
  }

  /**
   * The entries of one model, sorted by key (a copy, sorted on each call: meant for small models,
   * such as the validators' voting power); empty for a model without entries. Unmodifiable.
   */
  public SortedMap<String, JsonValue> entries(String model) {
    HashMap<String, JsonValue> entries = models.get(model);
    return entries == null ? TreePMap.empty() : sorted(entries);
  }

  private static SortedMap<String, JsonValue> sorted(HashMap<String, JsonValue> entries) {
    return Collections.unmodifiableSortedMap(new TreeMap<>(entries.toJavaMap()));
  }

  /** The number of entries. */
  public int size() {
    return tree.size();
  }

  /** The inclusion proof of {@code (model, key)} if it is stored, else its non-inclusion proof. */
  public StateProof prove(String model, String key) {
    return tree.prove(new StateKey(model, key).path());
  }

  public StateProof prove(StateKey key) {
    return tree.prove(key.path());
  }

  /**
   * The API's form, {@code {"fqdn": "plug.consensus.State", "height", "hash",
   * "previous_block_hash", "network_id", "models": {fqdn: {key: value}}}}, with only the models in
   * {@code modelFilter} that hold entries ({@code null} = every model).
   */
  public JsonObject toJson(Set<String> modelFilter) {
    return toJson(modelFilter, (model, key) -> true);
  }

  /**
   * The API's form with only the entries {@code visible} accepts (model FQDN, key); a model with
   * none left is left out.
   */
  public JsonObject toJson(Set<String> modelFilter, BiPredicate<String, String> visible) {
    JsonObjectBuilder byModel = CanonicalJson.PROVIDER.createObjectBuilder();
    for (Map.Entry<String, HashMap<String, JsonValue>> m : models.entrySet()) {
      if (modelFilter != null && !modelFilter.contains(m.getKey())) {
        continue;
      }
      JsonObjectBuilder entries = CanonicalJson.PROVIDER.createObjectBuilder();
      boolean any = false;
      // in the trie's order: the canonical encoding sorts the members
      for (Tuple2<String, JsonValue> e : m.getValue()) {
        if (visible.test(m.getKey(), e._1())) {
          entries.add(e._1(), e._2());
          any = true;
        }
      }
      if (any) {
        byModel.add(m.getKey(), entries);
      }
    }
    JsonObjectBuilder json =
        CanonicalJson.PROVIDER
            .createObjectBuilder()
            .add("fqdn", FQDN)
            .add("height", height)
            .add("hash", hash().hex());
    if (previousBlockHash == null) {
      json.addNull("previous_block_hash");
    } else {
      json.add("previous_block_hash", previousBlockHash.hex());
    }
    return json.add("network_id", networkId).add("models", byModel).build();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof State s && hash().equals(s.hash());
  }

  @Override
  public int hashCode() {
    return hash().hashCode();
  }

  @Override
  public String toString() {
    return "State{network="
        + networkId
        + ", height="
        + height
        + ", size="
        + size()
        + ", hash="
        + hash().hex()
        + "}";
  }
}
