package org.jledger.transaction;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jledger.dapp.Transform;
import org.jledger.encoding.Hash;

/**
 * What this node has already worked out about recent transactions, by hash: that their proofs
 * verify, and the transform each binds to. A transaction it admitted is then neither verified nor
 * bound again when a block holding it is validated or committed (an Ed25519 verify is most of what
 * a transaction costs a node, and binding a transform with JSON-B much of the rest). Safe because a
 * transaction's hash covers all of it, proofs, signatures and transform included, and both depend
 * on nothing else but the network id and the DApps, which are fixed per {@link Admission}. Bounded:
 * the least recently used are forgotten first. Thread-safe.
 */
final class Checked {

  private final Map<Hash, Boolean> verified;
  private final Map<Hash, Transform> bound;

  Checked(int capacity) {
    this.verified = recent(capacity);
    this.bound = recent(capacity);
  }

  private static <V> Map<Hash, V> recent(int capacity) {
    return new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Hash, V> eldest) {
        return size() > capacity;
      }
    };
  }

  /** Whether the proofs of the transaction with this hash verified. */
  synchronized boolean isVerified(Hash hash) {
    return verified.get(hash) != null;
  }

  synchronized void verified(Hash hash) {
    verified.put(hash, Boolean.TRUE);
  }

  /** The transform the transaction with this hash bound to, or null. */
  synchronized Transform transform(Hash hash) {
    return bound.get(hash);
  }

  synchronized void bound(Hash hash, Transform transform) {
    bound.put(hash, transform);
  }
}
