package org.jledger.dapp.system;

import jakarta.json.JsonValue;
import org.jledger.dapp.DAppRegistry;
import org.jledger.dapp.Model;
import org.jledger.encoding.CanonicalJson;

/**
 * {@code plug.model.NonceModel}: address -> the next nonce its proofs must carry, a non-negative
 * integer; an absent address expects 0. The pipeline increments it with every applied transaction
 * the address signs.
 */
public final class NonceModel implements Model {

  public static final String FQDN = DAppRegistry.NONCE_MODEL;

  @Override
  public String fqdn() {
    return FQDN;
  }

  @Override
  public JsonValue defaultValue() {
    return CanonicalJson.PROVIDER.createValue(0L);
  }

  @Override
  public void validate(JsonValue value) {
    VotingPowerModel.requireNonNegativeInteger(FQDN, value);
  }

  /** The nonce a stored or default value holds. */
  public static long nonce(JsonValue value) {
    return VotingPowerModel.requireNonNegativeInteger(FQDN, value);
  }
}
