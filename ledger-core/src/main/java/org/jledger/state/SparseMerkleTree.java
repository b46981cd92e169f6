package org.jledger.state;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jledger.encoding.Hash;

/**
 * An immutable, persistent binary sparse Merkle tree of depth 256 over 32-byte paths (DESIGN
 * section 6, normative).
 *
 * <p>Bit 0 of a path is the most significant bit of its byte 0, and bit {@code i} chooses the side
 * at depth {@code i} (0 = left). An empty subtree hashes to 32 zero bytes, a subtree holding
 * exactly one leaf hashes to that leaf's hash {@code H(0x00 || path || value_hash)}, and any other
 * subtree hashes to {@code H(0x01 || left || right)}.
 *
 * <p>The tree is stored compressed: only <em>branches</em>, subtrees whose two sides are both
 * non-empty, are kept, each with the depth at which its leaves split. Between a branch and its
 * parent lies a chain of subtrees whose other side is empty; hashing folds that chain ({@code
 * H(0x01 || node || 0)} or {@code H(0x01 || 0 || node)} per level) and each branch caches its own
 * hash and its children's folded hashes. An update copies only the branches on its path (O(log n)
 * for random paths) and shares every other node with the version it came from; their hashes are
 * computed when a root is asked for, so a block's many writes, applied one after the other, hash
 * each branch they touched once, when the block's state root is taken.
 */
public final class SparseMerkleTree {

  /** The number of bits in a path, and so the depth of the tree. */
  public static final int DEPTH = 256;

  /** The tree without leaves; its root is 32 zero bytes. */
  public static final SparseMerkleTree EMPTY = new SparseMerkleTree(null, 0);

  private static final byte LEAF = 0x00;
  private static final byte INTERIOR = 0x01;

  /** A non-empty subtree of the compressed tree. */
  sealed interface Node permits Leaf, Branch {

    /** The subtree's hash at its own depth (a leaf's hash at every depth). */
    Hash hash();

    /** The path of some leaf below; all leaves below share its bits up to the node's depth. */
    Hash path();
  }

  /** One leaf; it is the whole content of the subtree that holds it. */
  record Leaf(Hash path, Hash valueHash, Hash hash) implements Node {

    static Leaf of(Hash path, Hash valueHash) {
      return new Leaf(path, valueHash, Hash.sha256(LEAF, path, valueHash));
    }
  }

  /**
   * A subtree at {@code depth} whose leaves share bits {@code 0..depth-1} of {@code path} and split
   * at bit {@code depth}. Its hash and its children's hashes at {@code depth + 1} (their chains of
   * empty siblings folded in) are computed when first asked for and then kept: the trees between
   * the writes of one block are never hashed, only the branches of the tree a root is asked of,
   * once each. Immutable apart from that cache, which any thread may fill ({@link Hash} is
   * immutable, so a race only computes the same value twice).
   */
  static final class Branch implements Node {
    private final int depth;
    private final Hash path;
    private final Node left;
    private final Node right;
    private Hash leftHash;
    private Hash rightHash;
    private Hash hash;

    private Branch(int depth, Node left, Hash leftHash, Node right, Hash rightHash) {
      this.depth = depth;
      this.path = left.path();
      this.left = left;
      this.leftHash = leftHash;
      this.right = right;
      this.rightHash = rightHash;
    }

    static Branch of(int depth, Node left, Node right) {
      return new Branch(depth, left, null, right, null);
    }

    int depth() {
      return depth;
    }

    @Override
    public Hash path() {
      return path;
    }

    Node left() {
      return left;
    }

    Node right() {
      return right;
    }

    Hash leftHash() {
      Hash h = leftHash;
      if (h == null) {
        leftHash = h = hashAt(left, depth + 1);
      }
      return h;
    }

    Hash rightHash() {
      Hash h = rightHash;
      if (h == null) {
        rightHash = h = hashAt(right, depth + 1);
      }
      return h;
    }

    @Override
    public Hash hash() {
      Hash h = hash;
      if (h == null) {
        hash = h = Hash.sha256(INTERIOR, leftHash(), rightHash());
      }
      return h;
    }

    Node child(int bit) {
      return bit == 0 ? left : right;
    }

    /** The same branch with the child on side {@code bit} replaced (the other side's hash kept). */
    Branch withChild(int bit, Node child) {
      return bit == 0
          ? new Branch(depth, child, null, right, rightHash)
          : new Branch(depth, left, leftHash, child, null);
    }
  }

  private final Node root;
  private final int size;
  private Hash rootHash; // computed on first use, see Branch

  private SparseMerkleTree(Node root, int size) {
    this.root = root;
    this.size = size;
  }

  /**
   * Builds a tree from {@code path -> value hash} in one pass: about two hashes per leaf, against
   * about {@code log2(n)} per leaf when inserting one by one.
   */
  public static SparseMerkleTree of(Map<Hash, Hash> leaves) {
    if (leaves.isEmpty()) {
      return EMPTY;
    }
    Leaf[] sorted = new Leaf[leaves.size()];
    int i = 0;
    for (Map.Entry<Hash, Hash> e : leaves.entrySet()) {
      sorted[i++] =
          Leaf.of(
              Objects.requireNonNull(e.getKey(), "path"),
              Objects.requireNonNull(e.getValue(), "value hash"));
    }
    Arrays.sort(sorted, (a, b) -> a.path().compareTo(b.path()));
    return new SparseMerkleTree(build(sorted, 0, sorted.length, 0), sorted.length);
  }

  /**
   * Builds the subtree of {@code sorted[lo..hi)}, distinct paths sharing bits before {@code from}.
   */
  private static Node build(Leaf[] sorted, int lo, int hi, int from) {
    if (hi - lo == 1) {
      return sorted[lo];
    }
    // Sorted paths: the first bit where the smallest and the largest differ is where all split.
    int split = firstDifference(sorted[lo].path(), sorted[hi - 1].path(), from, DEPTH);
    int a = lo + 1;
    int b = hi - 1;
    while (a < b) { // first index whose bit `split` is 1
      int mid = (a + b) >>> 1;
      if (sorted[mid].path().bit(split) == 0) {
        a = mid + 1;
      } else {
        b = mid;
      }
    }
    return Branch.of(split, build(sorted, lo, a, split + 1), build(sorted, a, hi, split + 1));
  }

  /**
   * The root hash: 32 zero bytes for the empty tree. Computed on the first call, hashing only the
   * branches no earlier root of this tree's versions hashed.
   */
  public Hash root() {
    Hash h = rootHash;
    if (h == null) {
      rootHash = h = root == null ? Hash.ZERO : hashAt(root, 0);
    }
    return h;
  }

  /** The number of leaves. */
  public int size() {
    return size;
  }

  public boolean isEmpty() {
    return size == 0;
  }

  /** The value hash stored at {@code path}, or null if no leaf has that path. */
  public Hash get(Hash path) {
    Node node = root;
    while (node instanceof Branch b) {
      node = b.child(path.bit(b.depth()));
    }
    return node instanceof Leaf leaf && leaf.path().equals(path) ? leaf.valueHash() : null;
  }

  /** This tree with {@code path} holding {@code valueHash}, inserted or replaced. */
  public SparseMerkleTree with(Hash path, Hash valueHash) {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(valueHash, "value hash");
    Node updated = with(root, 0, path, valueHash);
    if (updated == root) {
      return this;
    }
    return new SparseMerkleTree(updated, get(path) == null ? size + 1 : size);
  }

  private static Node with(Node node, int from, Hash path, Hash valueHash) {
    if (node == null) {
      return Leaf.of(path, valueHash);
    }
    if (node instanceof Leaf leaf) {
      if (leaf.path().equals(path)) {
        return leaf.valueHash().equals(valueHash) ? leaf : Leaf.of(path, valueHash);
      }
      return join(firstDifference(leaf.path(), path, from, DEPTH), leaf, Leaf.of(path, valueHash));
    }
    Branch branch = (Branch) node;
    int split = firstDifference(branch.path(), path, from, branch.depth());
    if (split < branch.depth()) {
      return join(split, branch, Leaf.of(path, valueHash));
    }
    int bit = path.bit(branch.depth());
    Node child = branch.child(bit);
    Node updated = with(child, branch.depth() + 1, path, valueHash);
    return updated == child ? branch : branch.withChild(bit, updated);
  }

  /** A new branch over two subtrees whose paths first differ at bit {@code split}. */
  private static Branch join(int split, Node existing, Leaf added) {
    return added.path().bit(split) == 0
        ? Branch.of(split, added, existing)
        : Branch.of(split, existing, added);
  }

  /** This tree without a leaf at {@code path} (the same tree if there is none). */
  public SparseMerkleTree without(Hash path) {
    Objects.requireNonNull(path, "path");
    Node updated = without(root, 0, path);
    return updated == root ? this : new SparseMerkleTree(updated, size - 1);
  }

  private static Node without(Node node, int from, Hash path) {
    if (node == null) {
      return null;
    }
    if (node instanceof Leaf leaf) {
      return leaf.path().equals(path) ? null : leaf;
    }
    Branch branch = (Branch) node;
    if (firstDifference(branch.path(), path, from, branch.depth()) < branch.depth()) {
      return branch;
    }
    int bit = path.bit(branch.depth());
    Node child = branch.child(bit);
    Node updated = without(child, branch.depth() + 1, path);
    if (updated == child) {
      return branch;
    }
    // The branch loses a side: the remaining one moves up and its parent folds its chain anew.
    return updated == null ? branch.child(1 - bit) : branch.withChild(bit, updated);
  }

  /**
   * The inclusion or non-inclusion proof of {@code path}, in the normative shape: walking from the
   * root along {@code path}, it stops at the first subtree that is empty ({@code leaf} null) or
   * holds a single leaf (which may have another path), and {@code siblings[i]} is the hash of the
   * sibling subtree at depth {@code i + 1}.
   */
  public StateProof prove(Hash path) {
    Objects.requireNonNull(path, "path");
    List<Hash> siblings = new ArrayList<>();
    Node node = root;
    int depth = 0;
    while (node instanceof Branch branch) {
      for (int i = depth; i < branch.depth(); i++) {
        if (path.bit(i) != branch.path().bit(i)) {
          // The walk turns into the empty side; the branch's chain is its sibling.
          siblings.add(hashAt(branch, i + 1));
          return new StateProof(null, siblings);
        }
        siblings.add(Hash.ZERO);
      }
      int bit = path.bit(branch.depth());
      siblings.add(bit == 0 ? branch.rightHash() : branch.leftHash());
      node = branch.child(bit);
      depth = branch.depth() + 1;
    }
    if (node == null) {
      return new StateProof(null, siblings);
    }
    Leaf leaf = (Leaf) node;
    return new StateProof(new StateProof.Leaf(leaf.path(), leaf.valueHash()), siblings);
  }

  /** The compressed root node, null when empty (for tests of structural sharing). */
  Node rootNode() {
    return root;
  }

  /**
   * The hash of the subtree at {@code depth} that holds only {@code node}'s leaves: the node's hash
   * folded with an empty sibling for each level between {@code depth} and the node's own depth.
   */
  static Hash hashAt(Node node, int depth) {
    if (node instanceof Leaf leaf) {
      return leaf.hash();
    }
    Branch branch = (Branch) node;
    Hash h = branch.hash();
    for (int level = branch.depth() - 1; level >= depth; level--) {
      h =
          branch.path().bit(level) == 0
              ? Hash.sha256(INTERIOR, h, Hash.ZERO)
              : Hash.sha256(INTERIOR, Hash.ZERO, h);
    }
    return h;
  }

  /** The first bit in {@code [from, to)} where {@code a} and {@code b} differ, or {@code to}. */
  private static int firstDifference(Hash a, Hash b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (a.bit(i) != b.bit(i)) {
        return i;
      }
    }
    return to;
  }

  @Override
  public String toString() {
    return "SparseMerkleTree{size=" + size + ", root=" + root().hex() + "}";
  }
}
