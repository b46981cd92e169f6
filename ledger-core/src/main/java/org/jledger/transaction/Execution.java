package org.jledger.transaction;

import jakarta.json.JsonValue;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jledger.LedgerException;
import org.jledger.Result;
import org.jledger.consensus.ValidatorSet;
import org.jledger.dapp.DApps;
import org.jledger.dapp.GovernanceTransform;
import org.jledger.dapp.MutableStateSlice;
import org.jledger.dapp.Transform;
import org.jledger.dapp.ValidatorPower;
import org.jledger.dapp.acl.AclPolicy;
import org.jledger.encoding.CanonicalJson;
import org.jledger.state.State;
import org.jledger.state.StateKey;
import org.jledger.state.StateView;

/**
 * Applies one admitted transaction to a state (DESIGN section 4, inclusion): every proof's nonce
 * must be the current one, the ACL must permit it, {@code verify()} and {@code apply()} run on the
 * transform's slice, and the result is the transaction's whole write set (the transform's writes
 * and every signer's nonce increment), or a refusal and no write at all.
 */
public final class Execution {

  /** Refusal code when a proof's nonce is ahead of the state: the transaction must wait. */
  public static final String NONCE_AHEAD = "nonce_ahead";

  /** The longest state key a block may write; stores keep keys up to this length. */
  public static final int MAX_KEY_LENGTH = 512;

  /** The longest model name a block may write. */
  public static final int MAX_MODEL_LENGTH = 255;

  private final DApps dapps;
  private final int quorum;
  private final AclPolicy acl;

  /**
   * @param quorum the network's quorum percentage, by which governance transforms decide
   */
  public Execution(DApps dapps, int quorum) {
    this.dapps = dapps;
    this.quorum = quorum;
    this.acl = AclPolicy.overStates(dapps);
  }

  /** The validator set of {@code state} as governance transforms see it. */
  static ValidatorPower validatorPower(StateView state, int quorum) {
    // Every state a transaction runs on is a State; any other view has no validator (fail closed).
    Map<String, JsonValue> entries =
        state instanceof State s ? s.entries(ValidatorSet.VOTING_POWER_MODEL) : Map.of();
    return ValidatorSet.fromEntries(entries, quorum).asValidatorPower();
  }

  /** The write set of applying {@code tx} (with its bound {@code transform}) to {@code state}. */
  public Result<Map<StateKey, Optional<JsonValue>>> apply(
      Transaction tx, Transform transform, StateView state) {
    try {
      Map<StateKey, Optional<JsonValue>> writes = new LinkedHashMap<>();
      for (SingleKeyProof proof : tx.proofs().values()) {
        long expected = Nonces.next(state, proof.address());
        if (proof.nonce() < expected) {
          return Admission.staleNonce(proof, expected);
        }
        if (proof.nonce() > expected) {
          return Result.refused(
              NONCE_AHEAD,
              "proof by "
                  + proof.address()
                  + " has nonce "
                  + proof.nonce()
                  + "; nonce "
                  + expected
                  + " must be used first");
        }
        writes.put(
            Nonces.key(proof.address()),
            Optional.of(CanonicalJson.PROVIDER.createValue(expected + 1)));
      }
      var denied = acl.checkWrite(transform, tx.transform(), state);
      if (denied.isPresent()) {
        return Result.refused("not_permitted", denied.get());
      }
      MutableStateSlice slice = dapps.mutableSlice(transform, state);
      if (transform instanceof GovernanceTransform g) {
        ValidatorPower validators = validatorPower(state, quorum);
        g.verify(dapps.slice(transform, state), validators);
        g.apply(slice, validators);
      } else {
        transform.verify(dapps.slice(transform, state));
        transform.apply(slice);
      }
      for (StateKey k : slice.writes().keySet()) {
        if (k.model().length() > MAX_MODEL_LENGTH || k.key().length() > MAX_KEY_LENGTH) {
          return Result.refused(
              "key_too_long",
              "the transform writes a key longer than "
                  + MAX_KEY_LENGTH
                  + " characters (or a model name longer than "
                  + MAX_MODEL_LENGTH
                  + ")");
        }
      }
      Map<StateKey, Optional<JsonValue>> all = new LinkedHashMap<>(slice.writes());
      all.putAll(writes);
      return Result.ok(all);
    } catch (LedgerException e) {
      return Result.refused(e);
    } catch (ArithmeticException e) {
      return Result.refused("arithmetic_overflow", "the transform overflowed: " + e.getMessage());
    } catch (RuntimeException e) {
      // A DApp's bug must not stop the node; every node fails the same way, so it is refused.
      return Result.refused("transform_failed", transform.getClass().getName() + " failed: " + e);
    }
  }
}
