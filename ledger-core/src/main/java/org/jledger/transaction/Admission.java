package org.jledger.transaction;

import org.jledger.LedgerException;
import org.jledger.Result;
import org.jledger.crypto.Address;
import org.jledger.dapp.DApps;
import org.jledger.dapp.GovernanceTransform;
import org.jledger.dapp.Transform;
import org.jledger.dapp.acl.AclPolicy;
import org.jledger.state.StateView;

/**
 * The admission check (DESIGN section 4, normative), one pure function of a transaction and the
 * head state: shape, a known and whitelisted transform, one valid proof for every address in {@code
 * required_authorizations} (address matches key, challenge recomputes, signature verifies), no
 * stale nonce, the ACL's write permissions, and {@code verify()} against the head state. The first
 * failed check is the refusal's code and reason; nothing is stored.
 */
public final class Admission {

  private final String networkId;
  private final int quorum;
  private final DApps dapps;
  private final AclPolicy acl;
  private final Checked checked;

  /** How many checked transactions are remembered unless the caller says (see below). */
  static final int VERIFIED_CAPACITY = 65_536;

  /**
   * @param quorum the network's quorum percentage, by which governance transforms decide
   */
  public Admission(String networkId, int quorum, DApps dapps) {
    this(networkId, quorum, dapps, VERIFIED_CAPACITY);
  }

  /**
   * @param quorum the network's quorum percentage, by which governance transforms decide
   * @param remembered how many checked transactions to remember, the least recently used forgotten
   *     first (a few hundred bytes of heap each, kept for as long as they are remembered): enough
   *     for those that may still come in a block, whose check is then not done again
   */
  public Admission(String networkId, int quorum, DApps dapps, int remembered) {
    this.networkId = networkId;
    this.quorum = quorum;
    this.dapps = dapps;
    this.acl = AclPolicy.overStates(dapps);
    this.checked = new Checked(remembered);
  }

  public String networkId() {
    return networkId;
  }

  public DApps dapps() {
    return dapps;
  }

  /** Checks {@code tx} against the head state {@code head}. */
  public Result<Admitted> check(Transaction tx, StateView head) {
    try {
      Transform transform = checked.transform(tx.hash());
      if (transform == null) {
        transform = dapps.bind(tx.transform());
        checkProofs(tx, transform);
        checked.bound(tx.hash(), transform);
      }
      boolean ready = true;
      for (SingleKeyProof proof : tx.proofs().values()) {
        long expected = Nonces.next(head, proof.address());
        if (proof.nonce() < expected) {
          return staleNonce(proof, expected);
        }
        ready &= proof.nonce() == expected;
      }
      var denied = acl.checkWrite(transform, tx.transform(), head);
      if (denied.isPresent()) {
        return Result.refused("not_permitted", denied.get());
      }
      if (transform instanceof GovernanceTransform g) {
        g.verify(dapps.slice(transform, head), Execution.validatorPower(head, quorum));
      } else {
        transform.verify(dapps.slice(transform, head));
      }
      return Result.ok(new Admitted(tx, transform, ready));
    } catch (LedgerException e) {
      return Result.refused(e);
    }
  }

  /**
   * Checks the proofs: one for every required authorization, each one's key, challenge and
   * signature.
   *
   * @throws InvalidTransactionException on the first failure
   */
  void checkProofs(Transaction tx, Transform transform) {
    for (String required : transform.requiredAuthorizations()) {
      Address address = Address.parse(required);
      if (!tx.proofs().containsKey(address)) {
        throw new InvalidTransactionException(
            "missing_proof", "the transform needs a proof by " + address + ", and none is given");
      }
    }
    verifySignatures(tx);
  }

  /**
   * Verifies every proof's key, challenge and signature, unless this admission already did for the
   * same transaction (same hash, so the same bytes).
   *
   * @throws InvalidTransactionException on the first failure
   */
  private void verifySignatures(Transaction tx) {
    if (checked.isVerified(tx.hash())) {
      return;
    }
    for (SingleKeyProof proof : tx.proofs().values()) {
      proof.verify(networkId, tx.transform());
    }
    checked.verified(tx.hash());
  }

  /**
   * Verifies the signatures of {@code tx} ahead of its {@link #check}, e.g. on another thread, so
   * that a block's transactions are verified in parallel; a failure is only forgotten here, and
   * {@link #check} reports it in order.
   */
  public void preverify(Transaction tx) {
    try {
      verifySignatures(tx);
    } catch (LedgerException e) {
      // check() refuses it with this reason
    }
  }

  /** Whether the signatures of {@code tx} were verified by this admission (and are remembered). */
  public boolean isVerified(Transaction tx) {
    return checked.isVerified(tx.hash());
  }

  static <T> Result<T> staleNonce(SingleKeyProof proof, long expected) {
    return Result.refused(
        "stale_nonce",
        "proof by "
            + proof.address()
            + " has nonce "
            + proof.nonce()
            + " but "
            + expected
            + " is expected: a replay, or a transaction already applied");
  }
}
