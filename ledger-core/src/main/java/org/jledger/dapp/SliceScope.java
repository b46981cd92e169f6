package org.jledger.dapp;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one transform may touch: its declared models (canonical FQDNs) crossed with its declared
 * keys, resolved against the models the node runs.
 */
final class SliceScope {

  private final String transform;
  private final Map<String, Model> modelsByName;
  private final Set<String> models;
  private final Set<String> keys;

  SliceScope(Transform t, Map<String, Model> modelsByName) {
    this.transform = t.fqdn();
    this.modelsByName = modelsByName;
    Set<String> declared = new TreeSet<>();
    for (String name : t.requiredModels()) {
      Model m = modelsByName.get(name);
      if (m == null) {
        throw new TransformRejectedException(
            "model_not_allowed",
            transform + " requires model '" + name + "', which this network does not run");
      }
      declared.add(m.fqdn());
    }
    this.models = Set.copyOf(declared);
    this.keys = Set.copyOf(t.requiredKeys());
  }

  /** The model that {@code (model, key)} addresses, if the transform declared both. */
  Model resolve(String model, String key) {
    Model m = model == null ? null : modelsByName.get(model);
    if (m == null || !models.contains(m.fqdn())) {
      throw new UndeclaredAccessException(
          transform, model, key, "its models are " + new TreeSet<>(models));
    }
    if (key == null || !keys.contains(key)) {
      throw new UndeclaredAccessException(
          transform, model, key, "its keys are " + new TreeSet<>(keys));
    }
    return m;
  }

  String transform() {
    return transform;
  }
}
