package org.jledger.transaction;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jledger.encoding.Hash;

/**
 * The hashes of transactions whose proofs this node has verified, so a transaction it admitted is
 * not verified again when a block holding it is validated or committed (an Ed25519 verify is most
 * of what a transaction costs a node). Safe because a transaction's hash covers all of it, proofs
 * and signatures included, and proof verification depends on nothing else but the network id, which
 * is fixed per {@link Admission}. Bounded: the least recently verified are forgotten first.
 * Thread-safe.
 */
final class VerifiedProofs {

  private final Map<Hash, Boolean> hashes;

  VerifiedProofs(int capacity) {
    this.hashes =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<Hash, Boolean> eldest) {
            return size() > capacity;
          }
        };
  }

  synchronized boolean contains(Hash hash) {
    return hashes.get(hash) != null;
  }

  synchronized void add(Hash hash) {
    hashes.put(hash, Boolean.TRUE);
  }

  synchronized int size() {
    return hashes.size();
  }
}
