package org.jledger.state;

import jakarta.json.JsonValue;
import java.util.Optional;

/** Read access to stored state entries. Absent keys are not stored. */
public interface StateView {

  /** The stored value of {@code (model, key)}, or empty if none is stored. */
  Optional<JsonValue> get(String model, String key);
}
