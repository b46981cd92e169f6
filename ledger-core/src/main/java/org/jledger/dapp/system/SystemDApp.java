package org.jledger.dapp.system;

import java.util.Collection;
import java.util.List;
import org.jledger.dapp.DApp;
import org.jledger.dapp.Model;
import org.jledger.dapp.Transform;

/**
 * The core of every network: voting power, nonces, and changing the validator set by a quorum of
 * the current validators.
 */
public final class SystemDApp implements DApp {

  @Override
  public Collection<Model> models() {
    return List.of(new VotingPowerModel(), new NonceModel(), new ValidatorSetProposalModel());
  }

  @Override
  public Collection<Class<? extends Transform>> transforms() {
    return List.of(ValidatorSetChange.class);
  }
}
