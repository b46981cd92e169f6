package org.jledger.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.jledger.encoding.Hash;

/**
 * A reference for the tests: DESIGN section 6 read literally, recursing over the full 256-bit tree
 * with only the normative shortcuts (empty subtree = 32 zero bytes, single leaf = its leaf hash).
 * It shares no code with {@link SparseMerkleTree}.
 */
final class NaiveSparseMerkleTree {

  private NaiveSparseMerkleTree() {}

  static Hash root(SortedMap<Hash, Hash> leaves) {
    return subtree(new ArrayList<>(leaves.entrySet()), 0);
  }

  /** The proof of {@code path}, walking the full tree one level at a time. */
  static StateProof prove(SortedMap<Hash, Hash> leaves, Hash path) {
    List<Map.Entry<Hash, Hash>> here = new ArrayList<>(leaves.entrySet());
    List<Hash> siblings = new ArrayList<>();
    int depth = 0;
    while (here.size() >= 2) {
      List<Map.Entry<Hash, Hash>> same = new ArrayList<>();
      List<Map.Entry<Hash, Hash>> other = new ArrayList<>();
      for (Map.Entry<Hash, Hash> e : here) {
        (e.getKey().bit(depth) == path.bit(depth) ? same : other).add(e);
      }
      siblings.add(subtree(other, depth + 1));
      here = same;
      depth++;
    }
    StateProof.Leaf leaf =
        here.isEmpty() ? null : new StateProof.Leaf(here.get(0).getKey(), here.get(0).getValue());
    return new StateProof(leaf, siblings);
  }

  private static Hash subtree(List<Map.Entry<Hash, Hash>> leaves, int depth) {
    if (leaves.isEmpty()) {
      return Hash.ZERO;
    }
    if (leaves.size() == 1) {
      return leafHash(leaves.get(0).getKey(), leaves.get(0).getValue());
    }
    List<Map.Entry<Hash, Hash>> left = new ArrayList<>();
    List<Map.Entry<Hash, Hash>> right = new ArrayList<>();
    for (Map.Entry<Hash, Hash> e : leaves) {
      (e.getKey().bit(depth) == 0 ? left : right).add(e);
    }
    return concat((byte) 0x01, subtree(left, depth + 1).toBytes(), subtree(right, depth + 1));
  }

  static Hash leafHash(Hash path, Hash valueHash) {
    return concat((byte) 0x00, path.toBytes(), valueHash);
  }

  private static Hash concat(byte prefix, byte[] a, Hash b) {
    return Hash.sha256(new byte[] {prefix}, a, b.toBytes());
  }
}
