package org.jledger.transaction;

import jakarta.json.JsonNumber;
import jakarta.json.JsonValue;
import java.util.Optional;
import org.jledger.crypto.Address;
import org.jledger.state.StateKey;
import org.jledger.state.StateView;

/**
 * {@code plug.model.NonceModel}: address -> the next nonce a proof by that address must carry
 * (absent = 0). Applying a transaction increments the nonce of every address that signed it.
 */
public final class Nonces {

  public static final String MODEL = "plug.model.NonceModel";

  private Nonces() {}

  /** The next expected nonce of {@code address}. */
  public static long next(StateView state, Address address) {
    Optional<JsonValue> v = state.get(MODEL, address.value());
    return v.map(x -> ((JsonNumber) x).longValueExact()).orElse(0L);
  }

  public static StateKey key(Address address) {
    return new StateKey(MODEL, address.value());
  }
}
