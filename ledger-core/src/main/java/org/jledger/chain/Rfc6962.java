package org.jledger.chain;

import java.util.List;
import org.jledger.encoding.Hash;

/**
 * The RFC 6962 Merkle tree hash (section 2.1) over 32-byte leaves, used for a block's {@code
 * transactions_root}: leaf {@code H(0x00 || x)}, node {@code H(0x01 || l || r)}, empty tree {@code
 * H("")}; a list of n leaves splits at the largest power of two smaller than n.
 */
public final class Rfc6962 {

  private static final Hash EMPTY = Hash.sha256(new byte[0]);

  private Rfc6962() {}

  public static Hash root(List<Hash> leaves) {
    if (leaves.isEmpty()) {
      return EMPTY;
    }
    Hash[] level = new Hash[leaves.size()];
    for (int i = 0; i < level.length; i++) {
      level[i] = Hash.sha256((byte) 0x00, leaves.get(i));
    }
    return subtree(level, 0, level.length);
  }

  private static Hash subtree(Hash[] leafHashes, int from, int to) {
    int n = to - from;
    if (n == 1) {
      return leafHashes[from];
    }
    int k = Integer.highestOneBit(n - 1);
    return Hash.sha256(
        (byte) 0x01, subtree(leafHashes, from, from + k), subtree(leafHashes, from + k, to));
  }
}
