package org.jledger.dapp.system;

import java.util.Collection;
import java.util.List;
import org.jledger.dapp.DApp;
import org.jledger.dapp.Model;

/** The core models every network runs: voting power and nonces. */
public final class SystemDApp implements DApp {

  @Override
  public Collection<Model> models() {
    return List.of(new VotingPowerModel(), new NonceModel());
  }
}
