package org.jledger.dapp;

import java.util.Collection;

/**
 * The validator set a {@link GovernanceTransform} decides by: every validator's voting power in the
 * state the transform runs on, and the network's quorum percentage.
 */
public interface ValidatorPower {

  /** The voting power of {@code address}; 0 for an address that is not a validator. */
  long powerOf(String address);

  /** The summed voting power of all validators. */
  long totalPower();

  /** Whether the distinct validators among {@code addresses} hold a quorum of voting power. */
  boolean isQuorum(Collection<String> addresses);
}
