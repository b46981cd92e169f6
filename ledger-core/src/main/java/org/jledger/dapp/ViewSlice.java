package org.jledger.dapp;

import jakarta.json.JsonValue;
import org.jledger.state.StateView;

/** A read-only slice over a state view; it offers no way to write. */
final class ViewSlice implements StateSlice {

  private final SliceScope scope;
  private final StateView view;

  ViewSlice(SliceScope scope, StateView view) {
    this.scope = scope;
    this.view = view;
  }

  @Override
  public JsonValue get(String model, String key) {
    Model m = scope.resolve(model, key);
    return view.get(m.fqdn(), key).orElseGet(m::defaultValue);
  }

  @Override
  public boolean contains(String model, String key) {
    Model m = scope.resolve(model, key);
    return view.get(m.fqdn(), key).isPresent();
  }
}
