package org.jledger.dapp.system;

import jakarta.json.JsonNumber;
import jakarta.json.JsonValue;
import org.jledger.dapp.DAppRegistry;
import org.jledger.dapp.Model;
import org.jledger.dapp.SchemaViolationException;
import org.jledger.encoding.CanonicalJson;

/**
 * {@code plug.model.VotingPowerModel}: address -> voting power, a non-negative integer; an absent
 * address has 0. The validator set of State {@code h} is every address with power above 0.
 */
public final class VotingPowerModel implements Model {

  public static final String FQDN = DAppRegistry.VOTING_POWER_MODEL;

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
    requireNonNegativeInteger(FQDN, value);
  }

  /** The voting power a stored or default value holds. */
  public static long power(JsonValue value) {
    return requireNonNegativeInteger(FQDN, value);
  }

  static long requireNonNegativeInteger(String model, JsonValue value) {
    if (value instanceof JsonNumber n && n.isIntegral()) {
      try {
        long v = n.longValueExact();
        if (v >= 0 && v <= CanonicalJson.MAX_SAFE_INTEGER) {
          return v;
        }
      } catch (ArithmeticException e) {
        // reported below
      }
    }
    throw new SchemaViolationException(
        model + ": a value must be an integer in [0, 2^53-1], got " + value);
  }
}
