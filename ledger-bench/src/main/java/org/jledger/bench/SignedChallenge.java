package org.jledger.bench;

import org.jledger.crypto.VerifyingKey;
import org.jledger.encoding.Hash;
import org.jledger.transaction.SingleKeyProof;
import org.jledger.transaction.Transaction;

/**
 * The benchmarks' baseline: a transaction's first proof as its signature is verified, one
 * BouncyCastle RFC 8032 Ed25519 verify of a 32-byte challenge with a raw 32-byte key.
 */
record SignedChallenge(VerifyingKey key, Hash challenge, byte[] signature) {

  /** The first proof of {@code tx}, checked to verify. */
  static SignedChallenge of(Transaction tx) {
    SingleKeyProof proof = tx.proofs().values().iterator().next();
    SignedChallenge signed =
        new SignedChallenge(proof.verifyingKey(), proof.challenge(), proof.signature());
    if (!signed.verify()) {
      throw new IllegalStateException("the baseline signature does not verify");
    }
    return signed;
  }

  boolean verify() {
    return key.verify(challenge, signature);
  }
}
