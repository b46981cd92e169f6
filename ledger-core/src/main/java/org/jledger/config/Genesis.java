package org.jledger.config;

import jakarta.json.JsonValue;
import java.util.Map;
import java.util.TreeMap;
import org.jledger.LedgerException;
import org.jledger.consensus.ValidatorSet;
import org.jledger.crypto.Address;
import org.jledger.dapp.DApps;
import org.jledger.state.State;
import org.jledger.state.StateKey;

/**
 * Genesis State 0 from a network config: every {@code initial_state} entry under its model's
 * canonical FQDN (aliases resolved), each value checked against its model's schema, and at least
 * one validator with voting power.
 */
public final class Genesis {

  private Genesis() {}

  /**
   * @param file names the config in errors
   * @throws ConfigException naming the file, the key and the problem
   */
  public static State state(NetworkConfig config, DApps dapps, String file) {
    Map<StateKey, JsonValue> entries = new TreeMap<>();
    for (var model : config.initialState().entrySet()) {
      String where = "initial_state." + model.getKey();
      String canonical;
      try {
        canonical = dapps.canonicalModel(model.getKey());
      } catch (LedgerException e) {
        throw new ConfigException(
            file, where, "unknown model, or not listed in plug.models: " + e.getMessage());
      }
      for (var entry : model.getValue().entrySet()) {
        String key = where + "." + entry.getKey();
        try {
          dapps.model(canonical).validate(entry.getValue());
          if (canonical.equals(ValidatorSet.VOTING_POWER_MODEL)) {
            Address.parse(entry.getKey());
          }
        } catch (LedgerException e) {
          throw new ConfigException(file, key, e.getMessage());
        }
        if (entries.put(new StateKey(canonical, entry.getKey()), entry.getValue()) != null) {
          throw new ConfigException(
              file, key, "given twice (under an alias and under " + canonical + ")");
        }
      }
    }
    State genesis = State.genesis(config.networkId(), entries);
    ValidatorSet validators;
    try {
      validators =
          ValidatorSet.fromEntries(
              genesis.entries(ValidatorSet.VOTING_POWER_MODEL), config.quorum());
    } catch (LedgerException e) {
      throw new ConfigException(
          file, "initial_state." + ValidatorSet.VOTING_POWER_MODEL, e.getMessage());
    }
    if (validators.totalPower() == 0) {
      throw new ConfigException(
          file,
          "initial_state." + ValidatorSet.VOTING_POWER_MODEL,
          "no validator has voting power; `jledger new` adds the nodes' keys");
    }
    return genesis;
  }
}
