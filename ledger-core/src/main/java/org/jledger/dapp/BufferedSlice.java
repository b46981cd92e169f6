package org.jledger.dapp;

import jakarta.json.JsonValue;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jledger.encoding.CanonicalJson;
import org.jledger.encoding.InvalidJsonException;
import org.jledger.state.StateKey;
import org.jledger.state.StateView;

/** A mutable slice that buffers its writes over an untouched state view. */
final class BufferedSlice implements MutableStateSlice {

  private final SliceScope scope;
  private final StateView view;
  private final TreeMap<StateKey, Optional<JsonValue>> writes = new TreeMap<>();

  BufferedSlice(SliceScope scope, StateView view) {
    this.scope = scope;
    this.view = view;
  }

  @Override
  public JsonValue get(String model, String key) {
    Model m = scope.resolve(model, key);
    return stored(m, key).orElseGet(m::defaultValue);
  }

  @Override
  public boolean contains(String model, String key) {
    return stored(scope.resolve(model, key), key).isPresent();
  }

  private Optional<JsonValue> stored(Model m, String key) {
    Optional<JsonValue> written = writes.get(new StateKey(m.fqdn(), key));
    if (written != null) {
      return written;
    }
    return view.get(m.fqdn(), key);
  }

  @Override
  public void put(String model, String key, JsonValue value) {
    Model m = scope.resolve(model, key);
    if (value == null) {
      throw new IllegalArgumentException(
          scope.transform() + " put a Java null into " + m.fqdn() + "; use remove()");
    }
    try {
      CanonicalJson.check(value, "");
    } catch (InvalidJsonException e) {
      throw new SchemaViolationException(
          m.fqdn() + " key '" + key + "': the value is not canonical JSON: " + e.getMessage(), e);
    }
    m.validate(value);
    writes.put(new StateKey(m.fqdn(), key), Optional.of(value));
  }

  @Override
  public void remove(String model, String key) {
    Model m = scope.resolve(model, key);
    writes.put(new StateKey(m.fqdn(), key), Optional.empty());
  }

  @Override
  public Map<StateKey, Optional<JsonValue>> writes() {
    return Collections.unmodifiableMap(new TreeMap<>(writes));
  }
}
