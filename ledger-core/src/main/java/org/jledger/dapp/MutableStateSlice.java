package org.jledger.dapp;

import jakarta.json.JsonValue;
import java.util.Map;
import java.util.Optional;
import org.jledger.state.StateKey;

/**
 * A state slice that records changes: reads see the slice's own earlier writes, and the underlying
 * state is never touched. The pipeline takes {@link #writes()} and applies them only when the whole
 * transaction succeeds.
 */
public interface MutableStateSlice extends StateSlice {

  /**
   * Stores {@code value}, after checking that it can be canonically encoded and that the model
   * accepts it ({@link Model#validate}).
   *
   * @throws SchemaViolationException when it cannot or does not
   */
  void put(String model, String key, JsonValue value);

  /** Deletes the stored value, so that the key reads as the model's default again. */
  void remove(String model, String key);

  /**
   * Every write so far, by canonical state key in {@link StateKey} order; an empty {@code Optional}
   * deletes the key. The last write to a key wins.
   */
  Map<StateKey, Optional<JsonValue>> writes();
}
