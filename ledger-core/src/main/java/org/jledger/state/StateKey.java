package org.jledger.state;

import jakarta.json.JsonValue;
import org.jledger.encoding.CanonicalJson;
import org.jledger.encoding.Hash;

/**
 * One entry's coordinates in the state: a model's canonical FQDN and a key. Its {@link #path()}
 * places it in the sparse Merkle tree.
 */
public record StateKey(String model, String key) implements Comparable<StateKey> {

  public StateKey {
    if (model == null || model.isEmpty() || key == null) {
      throw new IllegalArgumentException("a state key needs a model and a key");
    }
  }

  /** {@code path(m, k) = digest([m, k])}. */
  public Hash path() {
    return CanonicalJson.digest(
        CanonicalJson.PROVIDER.createArrayBuilder().add(model).add(key).build());
  }

  /** {@code digest(v)}, the value hash a leaf and a proof carry. */
  public static Hash valueHash(JsonValue value) {
    return CanonicalJson.digest(value);
  }

  @Override
  public int compareTo(StateKey o) {
    int c = model.compareTo(o.model);
    return c != 0 ? c : key.compareTo(o.key);
  }
}
