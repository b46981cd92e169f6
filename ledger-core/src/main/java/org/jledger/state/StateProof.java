package org.jledger.state;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jledger.InvalidInputException;
import org.jledger.LedgerException;
import org.jledger.encoding.CanonicalJson;
import org.jledger.encoding.Hash;

/**
 * An inclusion or non-inclusion proof of one path in the state's sparse Merkle tree (DESIGN section
 * 6, normative): {@code {"leaf": null | {"path": hex, "value_hash": hex}, "siblings": [hex, ...]}}.
 *
 * <p>Walking from the root along the path, the walk stops at depth {@code d = siblings.size()}, at
 * the first subtree that is empty ({@code leaf} null) or holds a single leaf (given in {@code
 * leaf}); {@code siblings[i]} is the hash of the sibling subtree at depth {@code i + 1}. The
 * verifying methods never throw on a hostile proof; they answer false.
 *
 * @param leaf the single leaf where the walk stopped, or null if it stopped at an empty subtree
 * @param siblings the sibling hashes from depth 1 down to depth {@code d}
 */
public record StateProof(Leaf leaf, List<Hash> siblings) {

  /** A path has 256 bits, so a proof has at most 256 siblings. */
  public static final int MAX_SIBLINGS = SparseMerkleTree.DEPTH;

  private static final String INVALID = "invalid_proof";

  /** The leaf a proof stops at; its hash is {@code H(0x00 || path || value_hash)}. */
  public record Leaf(Hash path, Hash valueHash) {

    public Leaf {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(valueHash, "value hash");
    }

    public Hash hash() {
      return Hash.sha256((byte) 0x00, path, valueHash);
    }
  }

  public StateProof {
    siblings = List.copyOf(siblings);
  }

  /** The depth {@code d} at which the walk stopped. */
  public int depth() {
    return siblings.size();
  }

  /**
   * The root this proof leads to when walked along {@code path}: start from 32 zero bytes (no leaf)
   * or the leaf's hash, then for {@code i = d-1 .. 0} combine with {@code siblings[i]}, the node on
   * the left if bit {@code i} of {@code path} is 0.
   *
   * @throws IllegalStateException if the proof has more than 256 siblings
   */
  public Hash computeRoot(Hash path) {
    if (siblings.size() > MAX_SIBLINGS) {
      throw new IllegalStateException(
          "a state proof has at most " + MAX_SIBLINGS + " siblings, got " + siblings.size());
    }
    Hash node = leaf == null ? Hash.ZERO : leaf.hash();
    for (int i = siblings.size() - 1; i >= 0; i--) {
      node =
          path.bit(i) == 0
              ? Hash.sha256((byte) 0x01, node, siblings.get(i))
              : Hash.sha256((byte) 0x01, siblings.get(i), node);
    }
    return node;
  }

  /**
   * The root this proof leads to along its leaf's path (which shares its first {@code d} bits with
   * the queried path in any valid proof).
   *
   * @throws IllegalStateException if the proof has no leaf (then only {@link #computeRoot(Hash)}
   *     knows the way) or more than 256 siblings
   */
  public Hash computeRoot() {
    if (leaf == null) {
      throw new IllegalStateException(
          "a proof that stops at an empty subtree needs the queried path: use computeRoot(path)");
    }
    return computeRoot(leaf.path);
  }

  /** Whether this proves that {@code path} holds {@code valueHash} in the tree of {@code root}. */
  public boolean verifiesInclusion(Hash root, Hash path, Hash valueHash) {
    return root != null
        && path != null
        && valueHash != null
        && leaf != null
        && leaf.path.equals(path)
        && leaf.valueHash.equals(valueHash)
        && leadsTo(root, path);
  }

  /**
   * Whether this proves that no leaf has {@code path} in the tree of {@code root}: the walk stops
   * at an empty subtree, or at a single leaf of another path that shares the first {@code d} bits.
   */
  public boolean verifiesNonInclusion(Hash root, Hash path) {
    if (root == null || path == null) {
      return false;
    }
    if (leaf != null && (leaf.path.equals(path) || !sharePrefix(leaf.path, path, depth()))) {
      return false;
    }
    return leadsTo(root, path);
  }

  /**
   * Verifies this proof for a state entry: inclusion of {@code value} if it is not null,
   * non-inclusion (the key is absent) if it is null. A value that cannot be canonically encoded
   * verifies nothing.
   */
  public boolean verify(Hash root, StateKey key, JsonValue valueOrNull) {
    if (key == null) {
      return false;
    }
    Hash path = key.path();
    if (valueOrNull == null) {
      return verifiesNonInclusion(root, path);
    }
    Hash valueHash;
    try {
      valueHash = StateKey.valueHash(valueOrNull);
    } catch (LedgerException e) {
      return false;
    }
    return verifiesInclusion(root, path, valueHash);
  }

  private boolean leadsTo(Hash root, Hash path) {
    return siblings.size() <= MAX_SIBLINGS && computeRoot(path).equals(root);
  }

  private static boolean sharePrefix(Hash a, Hash b, int bits) {
    for (int i = 0; i < bits; i++) {
      if (a.bit(i) != b.bit(i)) {
        return false;
      }
    }
    return true;
  }

  /** {@code {"leaf": null | {"path": hex, "value_hash": hex}, "siblings": [hex, ...]}}. */
  public JsonObject toJson() {
    JsonArrayBuilder hexes = CanonicalJson.PROVIDER.createArrayBuilder();
    for (Hash sibling : siblings) {
      hexes.add(sibling.hex());
    }
    var json = CanonicalJson.PROVIDER.createObjectBuilder();
    if (leaf == null) {
      json.addNull("leaf");
    } else {
      json.add(
          "leaf",
          CanonicalJson.PROVIDER
              .createObjectBuilder()
              .add("path", leaf.path.hex())
              .add("value_hash", leaf.valueHash.hex()));
    }
    return json.add("siblings", hexes).build();
  }

  /**
   * Reads the JSON form strictly: exactly the keys {@code leaf} and {@code siblings}, a leaf of
   * exactly {@code path} and {@code value_hash}, 64-character hex hashes, at most 256 siblings.
   *
   * @throws InvalidInputException if the JSON is not such a proof
   */
  public static StateProof fromJson(JsonObject json) {
    if (json == null) {
      throw invalid("a state proof is required");
    }
    onlyKeys(json, Set.of("leaf", "siblings"), "a state proof");
    if (!json.containsKey("leaf")) {
      throw invalid("a state proof needs \"leaf\" (null or an object)");
    }
    JsonValue leafJson = json.get("leaf");
    Leaf leaf;
    if (leafJson.getValueType() == JsonValue.ValueType.NULL) {
      leaf = null;
    } else if (leafJson instanceof JsonObject object) {
      onlyKeys(object, Set.of("path", "value_hash"), "a state proof's leaf");
      leaf =
          new Leaf(
              hash(object.get("path"), "state proof leaf.path"),
              hash(object.get("value_hash"), "state proof leaf.value_hash"));
    } else {
      throw invalid("a state proof's \"leaf\" must be null or an object");
    }
    if (!(json.get("siblings") instanceof JsonArray array)) {
      throw invalid("a state proof needs \"siblings\", an array of hex hashes");
    }
    if (array.size() > MAX_SIBLINGS) {
      throw invalid("a state proof has at most " + MAX_SIBLINGS + " siblings, got " + array.size());
    }
    List<Hash> siblings = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      siblings.add(hash(array.get(i), "state proof siblings[" + i + "]"));
    }
    return new StateProof(leaf, siblings);
  }

  private static void onlyKeys(JsonObject object, Set<String> allowed, String what) {
    for (String key : object.keySet()) {
      if (!allowed.contains(key)) {
        throw invalid(what + " has an unknown field \"" + key + "\"");
      }
    }
  }

  private static Hash hash(JsonValue value, String what) {
    if (!(value instanceof JsonString text)) {
      throw invalid(what + " must be a string of 64 hex characters");
    }
    return Hash.fromHex(text.getString(), what);
  }

  private static InvalidInputException invalid(String message) {
    return new InvalidInputException(INVALID, message);
  }
}
