package org.jledger.dapp.demo;

import java.util.Collection;
import java.util.List;
import org.jledger.dapp.DApp;
import org.jledger.dapp.Model;
import org.jledger.dapp.Transform;

/** Plug's demo DApps: balances with transfers, and person records with updates. */
public final class DemoDApp implements DApp {

  @Override
  public Collection<Model> models() {
    return List.of(new BalanceModel(), new PersonModel());
  }

  @Override
  public Collection<Class<? extends Transform>> transforms() {
    return List.of(BalanceTransfer.class, UpdatePerson.class);
  }
}
