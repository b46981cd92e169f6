package org.jledger.chain;

import jakarta.json.JsonValue;
import java.util.Map;
import java.util.Optional;
import org.jledger.state.State;
import org.jledger.state.StateKey;

/**
 * What executing a block produced: State {@code h+1} and the entries it changed relative to State
 * {@code h} (an empty value is a deletion), which is what a store persists per height.
 */
public record BlockExecution(State state, Map<StateKey, Optional<JsonValue>> changes) {

  public BlockExecution {
    changes = Map.copyOf(changes);
  }
}
