package org.jledger.dapp;

/**
 * A transform decided by the validators as a whole, such as a validator-set change: besides its
 * declared slice it sees the voting power of every validator of the state it runs on, which no
 * declared set of keys could cover. The pipeline calls the two-argument methods; the one-argument
 * ones refuse, so a caller that forgets the validator set fails loudly instead of deciding without
 * it.
 */
public interface GovernanceTransform extends Transform {

  /** Refuses a transform that is invalid against {@code slice} and {@code validators}. */
  void verify(StateSlice slice, ValidatorPower validators);

  /** Makes the change in {@code slice}, deciding by {@code validators}. */
  void apply(MutableStateSlice slice, ValidatorPower validators);

  @Override
  default void verify(StateSlice slice) {
    throw new IllegalStateException(
        fqdn() + " is a governance transform: verify it with its validators");
  }

  @Override
  default void apply(MutableStateSlice slice) {
    throw new IllegalStateException(
        fqdn() + " is a governance transform: apply it with its validators");
  }
}
