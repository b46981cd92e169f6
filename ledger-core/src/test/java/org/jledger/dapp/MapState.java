package org.jledger.dapp;

import jakarta.json.JsonValue;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jledger.state.StateKey;
import org.jledger.state.StateView;

/** A state held in a sorted map, for tests: what the Merkle state looks like to a DApp. */
public final class MapState implements StateView {

  private final TreeMap<StateKey, JsonValue> entries = new TreeMap<>();

  @Override
  public Optional<JsonValue> get(String model, String key) {
    return Optional.ofNullable(entries.get(new StateKey(model, key)));
  }

  public MapState put(String model, String key, JsonValue value) {
    entries.put(new StateKey(model, key), value);
    return this;
  }

  /** Applies a slice's write set. */
  public MapState apply(Map<StateKey, Optional<JsonValue>> writes) {
    writes.forEach(
        (k, v) -> {
          if (v.isPresent()) {
            entries.put(k, v.get());
          } else {
            entries.remove(k);
          }
        });
    return this;
  }

  /** Every stored entry of one model, key -> value. */
  public Map<String, JsonValue> entries(String model) {
    Map<String, JsonValue> out = new TreeMap<>();
    entries.forEach(
        (k, v) -> {
          if (k.model().equals(model)) {
            out.put(k.key(), v);
          }
        });
    return out;
  }

  public int size() {
    return entries.size();
  }
}
