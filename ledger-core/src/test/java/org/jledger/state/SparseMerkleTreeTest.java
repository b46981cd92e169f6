package org.jledger.state;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.jledger.encoding.CanonicalJson;
import org.jledger.encoding.Hash;
import org.jledger.support.Vectors;
import org.junit.jupiter.api.Test;

class SparseMerkleTreeTest {

  // ---- known answers -------------------------------------------------------------------------

  @Test
  void emptyTreeHasTheZeroRootAndProvesEveryPathAbsent() {
    SparseMerkleTree empty = SparseMerkleTree.EMPTY;
    assertThat(empty.root()).isEqualTo(Hash.ZERO);
    assertThat(empty.size()).isZero();
    Hash path = hash("anything");
    StateProof proof = empty.prove(path);
    assertThat(proof.leaf()).isNull();
    assertThat(proof.siblings()).isEmpty();
    assertThat(proof.verifiesNonInclusion(Hash.ZERO, path)).isTrue();
    assertThat(proof.verifiesInclusion(Hash.ZERO, path, hash("v"))).isFalse();
    assertThat(SparseMerkleTree.of(Map.of()).root()).isEqualTo(Hash.ZERO);
  }

  @Test
  void reproducesEverySparseMerkleVector() {
    for (JsonValue v : Vectors.all().getJsonArray("sparse_merkle")) {
      JsonObject vector = v.asJsonObject();
      SparseMerkleTree tree = SparseMerkleTree.EMPTY;
      Map<Hash, Hash> leaves = new HashMap<>();
      for (JsonValue e : vector.getJsonArray("entries")) {
        JsonObject entry = e.asJsonObject();
        StateKey key = new StateKey(entry.getString("model"), entry.getString("key"));
        Hash valueHash = StateKey.valueHash(entry.get("value"));
        assertThat(key.path().hex()).isEqualTo(entry.getString("path"));
        assertThat(valueHash.hex()).isEqualTo(entry.getString("value_hash"));
        tree = tree.with(key.path(), valueHash);
        leaves.put(key.path(), valueHash);
      }
      Hash root = Hash.fromHex(vector.getString("state_root"), "state_root");
      assertThat(tree.root()).as(vector.toString()).isEqualTo(root);
      assertThat(SparseMerkleTree.of(leaves).root()).isEqualTo(root);
      assertThat(tree.size()).isEqualTo(leaves.size());

      if (vector.containsKey("inclusion_proof")) {
        JsonObject inclusion = vector.getJsonObject("inclusion_proof");
        StateKey key = new StateKey(inclusion.getString("model"), inclusion.getString("key"));
        JsonValue value = valueOf(vector, key);
        JsonObject expected = inclusion.getJsonObject("proof");
        assertThat(canonical(tree.prove(key.path()).toJson())).isEqualTo(canonical(expected));
        StateProof given = StateProof.fromJson(expected);
        assertThat(given.verify(root, key, value)).isTrue();
        assertThat(given.verify(root, key, null)).isFalse();
        assertThat(given.computeRoot()).isEqualTo(root);
      }
      JsonObject nonInclusion = vector.getJsonObject("non_inclusion_proof");
      StateKey absent =
          new StateKey(nonInclusion.getString("model"), nonInclusion.getString("key"));
      JsonObject expected = nonInclusion.getJsonObject("proof");
      assertThat(tree.get(absent.path())).isNull();
      assertThat(canonical(tree.prove(absent.path()).toJson())).isEqualTo(canonical(expected));
      StateProof given = StateProof.fromJson(expected);
      assertThat(given.verify(root, absent, null)).isTrue();
      assertThat(given.computeRoot(absent.path())).isEqualTo(root);
    }
  }

  @Test
  void oneLeafIsItsOwnRootAndItsProofHasNoSiblings() {
    Hash path = hash("p");
    Hash value = hash("v");
    SparseMerkleTree tree = SparseMerkleTree.EMPTY.with(path, value);
    assertThat(tree.root()).isEqualTo(NaiveSparseMerkleTree.leafHash(path, value));
    assertThat(tree.get(path)).isEqualTo(value);
    StateProof proof = tree.prove(path);
    assertThat(proof.leaf()).isEqualTo(new StateProof.Leaf(path, value));
    assertThat(proof.siblings()).isEmpty();
    assertThat(proof.verifiesInclusion(tree.root(), path, value)).isTrue();
  }

  @Test
  void twoLeavesSharingTwoHundredBitsHashThroughTheWholeChain() {
    byte[] a = hash("shared prefix").toBytes();
    byte[] b = a.clone();
    b[25] ^= (byte) 0x80; // bit 200 differs, bits 0..199 are shared
    Hash left = Hash.of(a[25] < 0 ? b : a);
    Hash right = Hash.of(a[25] < 0 ? a : b);
    SparseMerkleTree tree = SparseMerkleTree.EMPTY.with(left, hash("l")).with(right, hash("r"));

    Hash expected =
        Hash.sha256(
            (byte) 1,
            NaiveSparseMerkleTree.leafHash(left, hash("l")),
            NaiveSparseMerkleTree.leafHash(right, hash("r")));
    for (int level = 199; level >= 0; level--) {
      expected =
          left.bit(level) == 0
              ? Hash.sha256((byte) 1, expected, Hash.ZERO)
              : Hash.sha256((byte) 1, Hash.ZERO, expected);
    }
    assertThat(tree.root()).isEqualTo(expected);
    assertThat(tree.root()).isEqualTo(NaiveSparseMerkleTree.root(sorted(tree, left, right)));

    StateProof proof = tree.prove(left);
    assertThat(proof.siblings()).hasSize(201);
    assertThat(proof.siblings().subList(0, 200)).containsOnly(Hash.ZERO);
    assertThat(proof.siblings().get(200))
        .isEqualTo(NaiveSparseMerkleTree.leafHash(right, hash("r")));
    assertThat(proof.verifiesInclusion(tree.root(), left, hash("l"))).isTrue();

    // A third path that leaves the chain at bit 100 sees the whole chain below as one sibling.
    byte[] c = a.clone();
    c[12] ^= (byte) 0x08;
    Hash third = Hash.of(c);
    StateProof absent = tree.prove(third);
    assertThat(absent.leaf()).isNull();
    assertThat(absent.siblings()).hasSize(101);
    assertThat(absent.verifiesNonInclusion(tree.root(), third)).isTrue();
    assertThat(absent).isEqualTo(NaiveSparseMerkleTree.prove(sorted(tree, left, right), third));
  }

  @Test
  void deletingALeafGivesBackExactlyThePreviousRoot() {
    SparseMerkleTree tree = SparseMerkleTree.EMPTY;
    for (int i = 0; i < 50; i++) {
      tree = tree.with(hash("k" + i), hash("v" + i));
    }
    SparseMerkleTree before = tree;
    SparseMerkleTree added = before.with(hash("extra"), hash("x"));
    assertThat(added.root()).isNotEqualTo(before.root());
    assertThat(added.size()).isEqualTo(51);
    SparseMerkleTree removed = added.without(hash("extra"));
    assertThat(removed.root()).isEqualTo(before.root());
    assertThat(removed.size()).isEqualTo(50);

    SparseMerkleTree updated = before.with(hash("k7"), hash("other"));
    assertThat(updated.size()).isEqualTo(50);
    assertThat(updated.with(hash("k7"), hash("v7")).root()).isEqualTo(before.root());

    SparseMerkleTree all = before;
    for (int i = 0; i < 50; i++) {
      all = all.without(hash("k" + i));
    }
    assertThat(all.root()).isEqualTo(Hash.ZERO);
    assertThat(all.size()).isZero();
  }

  @Test
  void writingTheSameValueOrDeletingAnAbsentPathReturnsTheSameTree() {
    SparseMerkleTree tree =
        SparseMerkleTree.EMPTY.with(hash("a"), hash("1")).with(hash("b"), hash("2"));
    assertThat(tree.with(hash("a"), hash("1"))).isSameAs(tree);
    assertThat(tree.without(hash("c"))).isSameAs(tree);
    assertThat(SparseMerkleTree.EMPTY.without(hash("c"))).isSameAs(SparseMerkleTree.EMPTY);
  }

  // ---- properties over random operation sequences ---------------------------------------------

  @Test
  void incrementalRootsAndProofsMatchTheNaiveDefinitionOverRandomOperations() {
    for (long seed = 0; seed < 100; seed++) {
      try {
        runRandomOperations(seed, 40);
      } catch (AssertionError e) {
        throw new AssertionError("failed with seed " + seed + ": " + e.getMessage(), e);
      }
    }
  }

  private static void runRandomOperations(long seed, int operations) {
    SplittableRandom random = new SplittableRandom(seed);
    SparseMerkleTree tree = SparseMerkleTree.EMPTY;
    TreeMap<Hash, Hash> model = new TreeMap<>();
    List<SparseMerkleTree> versions = new ArrayList<>();
    List<TreeMap<Hash, Hash>> contents = new ArrayList<>();
    List<Hash> naiveRoots = new ArrayList<>();
    for (int op = 0; op < operations; op++) {
      int choice = random.nextInt(10);
      if (choice < 6 || model.isEmpty()) {
        Hash path =
            model.isEmpty() || random.nextBoolean() ? randomPath(random) : near(model, random);
        Hash value = randomPath(random);
        tree = tree.with(path, value);
        model.put(path, value);
      } else if (choice < 8) {
        Hash path = pick(model, random);
        Hash value = randomPath(random);
        tree = tree.with(path, value);
        model.put(path, value);
      } else {
        Hash path = random.nextInt(4) == 0 ? near(model, random) : pick(model, random);
        tree = tree.without(path);
        model.remove(path);
      }
      Hash naiveRoot = NaiveSparseMerkleTree.root(model);
      assertThat(tree.root()).isEqualTo(naiveRoot);
      assertThat(tree.size()).isEqualTo(model.size());
      versions.add(tree);
      contents.add(new TreeMap<>(model));
      naiveRoots.add(naiveRoot);
      // A few proofs after every step, of present and of absent (often nearby) paths.
      checkProof(tree, model, model.isEmpty() ? randomPath(random) : pick(model, random), random);
      checkProof(tree, model, model.isEmpty() ? randomPath(random) : near(model, random), random);
    }
    for (Hash path : model.keySet()) {
      checkProof(tree, model, path, random);
    }
    // Persistence: every earlier version still holds exactly what it held.
    for (int i = 0; i < versions.size(); i++) {
      SparseMerkleTree old = versions.get(i);
      TreeMap<Hash, Hash> content = contents.get(i);
      Hash naiveRoot = naiveRoots.get(i);
      assertThat(old.root()).isEqualTo(naiveRoot);
      assertThat(old.size()).isEqualTo(content.size());
      for (Map.Entry<Hash, Hash> e : content.entrySet()) {
        assertThat(old.get(e.getKey())).isEqualTo(e.getValue());
      }
      for (Hash path : model.keySet()) {
        if (!content.containsKey(path)) {
          assertThat(old.get(path)).isNull();
        }
      }
      // Its structure, not just its cached root, is intact: its proofs lead to the naive root.
      if (!content.isEmpty()) {
        Hash path = pick(content, random);
        assertThat(old.prove(path).verifiesInclusion(naiveRoot, path, content.get(path))).isTrue();
      }
      Hash absent = randomPath(random);
      assertThat(old.prove(absent).verifiesNonInclusion(naiveRoot, absent)).isTrue();
    }
    // Building in one pass gives the same tree.
    assertThat(SparseMerkleTree.of(model).root()).isEqualTo(tree.root());
  }

  /** The proof equals the naive one, verifies, and fails once anything in it is tampered with. */
  private static void checkProof(
      SparseMerkleTree tree, SortedMap<Hash, Hash> model, Hash path, SplittableRandom random) {
    Hash root = tree.root();
    StateProof proof = tree.prove(path);
    assertThat(proof).isEqualTo(NaiveSparseMerkleTree.prove(model, path));
    assertThat(StateProof.fromJson(proof.toJson())).isEqualTo(proof);
    Hash value = model.get(path);
    Hash other = randomPath(random);
    List<StateProof> tampered = tamperings(proof, random);
    if (value != null) {
      assertThat(tree.get(path)).isEqualTo(value);
      assertThat(proof.verifiesInclusion(root, path, value)).isTrue();
      assertThat(proof.verifiesNonInclusion(root, path)).isFalse();
      assertThat(proof.verifiesInclusion(root, path, other)).isFalse();
      assertThat(proof.verifiesInclusion(other, path, value)).isFalse();
      assertThat(proof.verifiesInclusion(root, flip(path, random.nextInt(256)), value)).isFalse();
      for (StateProof bad : tampered) {
        assertThat(bad.verifiesInclusion(root, path, value)).as("tampered %s", bad).isFalse();
      }
    } else {
      assertThat(tree.get(path)).isNull();
      assertThat(proof.verifiesNonInclusion(root, path)).isTrue();
      assertThat(proof.verifiesInclusion(root, path, other)).isFalse();
      assertThat(proof.verifiesNonInclusion(other, path)).isFalse();
      if (proof.leaf() != null) {
        Hash present = proof.leaf().path();
        assertThat(proof.verifiesNonInclusion(root, present)).isFalse();
        assertThat(proof.verifiesInclusion(root, path, proof.leaf().valueHash())).isFalse();
      }
      for (StateProof bad : tampered) {
        assertThat(bad.verifiesNonInclusion(root, path)).as("tampered %s", bad).isFalse();
      }
    }
  }

  private static List<StateProof> tamperings(StateProof proof, SplittableRandom random) {
    List<StateProof> bad = new ArrayList<>();
    List<Hash> siblings = proof.siblings();
    if (!siblings.isEmpty()) {
      int i = random.nextInt(siblings.size());
      List<Hash> changed = new ArrayList<>(siblings);
      changed.set(i, flip(siblings.get(i), random.nextInt(256)));
      bad.add(new StateProof(proof.leaf(), changed));
      bad.add(new StateProof(proof.leaf(), siblings.subList(0, siblings.size() - 1)));
      bad.add(new StateProof(proof.leaf(), siblings.subList(1, siblings.size())));
    }
    List<Hash> longer = new ArrayList<>(siblings);
    longer.add(Hash.ZERO);
    bad.add(new StateProof(proof.leaf(), longer));
    if (proof.leaf() == null) {
      bad.add(
          new StateProof(new StateProof.Leaf(randomPath(random), randomPath(random)), siblings));
    } else {
      StateProof.Leaf leaf = proof.leaf();
      bad.add(new StateProof(null, siblings));
      bad.add(
          new StateProof(
              new StateProof.Leaf(leaf.path(), flip(leaf.valueHash(), random.nextInt(256))),
              siblings));
    }
    return bad;
  }

  @Test
  void aThousandRandomKeysMatchTheNaiveRootAfterInsertsAndDeletes() {
    SplittableRandom random = new SplittableRandom(7);
    SparseMerkleTree tree = SparseMerkleTree.EMPTY;
    TreeMap<Hash, Hash> model = new TreeMap<>();
    for (int i = 0; i < 1000; i++) {
      Hash path = randomPath(random);
      tree = tree.with(path, path);
      model.put(path, path);
    }
    assertThat(tree.root()).isEqualTo(NaiveSparseMerkleTree.root(model));
    assertThat(SparseMerkleTree.of(model).root()).isEqualTo(tree.root());
    List<Hash> paths = new ArrayList<>(model.keySet());
    for (int i = 0; i < 500; i++) {
      Hash path = paths.get(random.nextInt(paths.size()));
      tree = tree.without(path);
      model.remove(path);
    }
    assertThat(tree.root()).isEqualTo(NaiveSparseMerkleTree.root(model));
    assertThat(tree.size()).isEqualTo(model.size());
  }

  // ---- structure -----------------------------------------------------------------------------

  @Test
  void anUpdateCopiesOnlyTheBranchesOnItsPathAndSharesTheRest() {
    SplittableRandom random = new SplittableRandom(11);
    Map<Hash, Hash> leaves = new HashMap<>();
    for (int i = 0; i < 4096; i++) {
      Hash path = randomPath(random);
      leaves.put(path, path);
    }
    SparseMerkleTree before = SparseMerkleTree.of(leaves);
    Hash updated = leaves.keySet().iterator().next();
    SparseMerkleTree after = before.with(updated, hash("new value"));

    Set<SparseMerkleTree.Node> oldNodes = identitySet(before.rootNode());
    Set<SparseMerkleTree.Node> newNodes = identitySet(after.rootNode());
    newNodes.removeAll(oldNodes);
    // Only the nodes on the updated path are new: far fewer than 256, about log2(4096) + 1.
    assertThat(newNodes).allSatisfy(n -> assertThat(isOnPath(n, updated)).isTrue());
    assertThat(newNodes.size()).isBetween(2, 3 * 12);
    assertThat(after.root()).isEqualTo(NaiveSparseMerkleTree.root(sorted(after, leaves, updated)));
  }

  private static boolean isOnPath(SparseMerkleTree.Node node, Hash path) {
    if (node instanceof SparseMerkleTree.Leaf leaf) {
      return leaf.path().equals(path);
    }
    SparseMerkleTree.Branch branch = (SparseMerkleTree.Branch) node;
    for (int i = 0; i < branch.depth(); i++) {
      if (branch.path().bit(i) != path.bit(i)) {
        return false;
      }
    }
    return true;
  }

  private static Set<SparseMerkleTree.Node> identitySet(SparseMerkleTree.Node root) {
    Set<SparseMerkleTree.Node> all = Collections.newSetFromMap(new IdentityHashMap<>());
    List<SparseMerkleTree.Node> todo = new ArrayList<>(List.of(root));
    while (!todo.isEmpty()) {
      SparseMerkleTree.Node node = todo.remove(todo.size() - 1);
      all.add(node);
      if (node instanceof SparseMerkleTree.Branch b) {
        todo.add(b.left());
        todo.add(b.right());
      }
    }
    return all;
  }

  // ---- helpers -------------------------------------------------------------------------------

  private static TreeMap<Hash, Hash> sorted(SparseMerkleTree tree, Hash... paths) {
    TreeMap<Hash, Hash> map = new TreeMap<>();
    for (Hash path : paths) {
      map.put(path, tree.get(path));
    }
    return map;
  }

  private static TreeMap<Hash, Hash> sorted(
      SparseMerkleTree tree, Map<Hash, Hash> leaves, Hash changed) {
    TreeMap<Hash, Hash> map = new TreeMap<>(leaves);
    map.put(changed, tree.get(changed));
    return map;
  }

  private static JsonValue valueOf(JsonObject vector, StateKey key) {
    for (JsonValue e : vector.getJsonArray("entries")) {
      JsonObject entry = e.asJsonObject();
      if (entry.getString("model").equals(key.model())
          && entry.getString("key").equals(key.key())) {
        return entry.get("value");
      }
    }
    throw new AssertionError("no entry " + key);
  }

  private static String canonical(JsonValue value) {
    return CanonicalJson.toCanonicalString(value);
  }

  static Hash hash(String text) {
    return Hash.sha256(text.getBytes(StandardCharsets.UTF_8));
  }

  static Hash randomPath(SplittableRandom random) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Hash.of(bytes);
  }

  /** A path that shares a random-length prefix with a stored one (long shared chains). */
  private static Hash near(SortedMap<Hash, Hash> model, SplittableRandom random) {
    Hash base = pick(model, random);
    int keep = random.nextInt(4) == 0 ? 200 + random.nextInt(56) : random.nextInt(256);
    byte[] bytes = base.toBytes();
    byte[] noise = new byte[32];
    random.nextBytes(noise);
    for (int i = keep + 1; i < 256; i++) {
      int mask = 0x80 >>> (i & 7);
      bytes[i >>> 3] = (byte) ((bytes[i >>> 3] & ~mask) | (noise[i >>> 3] & mask));
    }
    return flip(Hash.of(bytes), keep);
  }

  private static Hash pick(SortedMap<Hash, Hash> model, SplittableRandom random) {
    int index = random.nextInt(model.size());
    for (Hash path : model.keySet()) {
      if (index-- == 0) {
        return path;
      }
    }
    throw new AssertionError();
  }

  static Hash flip(Hash hash, int bit) {
    byte[] bytes = hash.toBytes();
    bytes[bit >>> 3] ^= (byte) (0x80 >>> (bit & 7));
    return Hash.of(bytes);
  }
}
