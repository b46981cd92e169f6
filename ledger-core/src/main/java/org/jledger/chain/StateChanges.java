package org.jledger.chain;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jledger.InvalidInputException;
import org.jledger.encoding.CanonicalJson;
import org.jledger.state.StateKey;

/**
 * The entries a block changed, as a store keeps them: one canonical JSON array per block, of {@code
 * [model, key, value]} for a new value and {@code [model, key]} for a deletion, in key order. One
 * value per block rather than a database row per entry: a block of 2,000 transfers changes some
 * 6,000 entries, and inserting them one row each was a twentieth of a loaded node's work.
 */
public final class StateChanges {

  private StateChanges() {}

  /** The canonical UTF-8 bytes of {@code changes} (an empty value is a deletion). */
  public static byte[] encode(Map<StateKey, Optional<JsonValue>> changes) {
    JsonArrayBuilder entries = CanonicalJson.PROVIDER.createArrayBuilder();
    for (Map.Entry<StateKey, Optional<JsonValue>> e : new TreeMap<>(changes).entrySet()) {
      JsonArrayBuilder entry =
          CanonicalJson.PROVIDER.createArrayBuilder().add(e.getKey().model()).add(e.getKey().key());
      e.getValue().ifPresent(entry::add);
      entries.add(entry);
    }
    return CanonicalJson.encode(entries.build());
  }

  /**
   * Reads what {@link #encode} wrote.
   *
   * @throws InvalidInputException naming the first entry that is not {@code [model, key]} or {@code
   *     [model, key, value]}, or one that repeats a key
   */
  public static SortedMap<StateKey, Optional<JsonValue>> decode(String text) {
    if (!(CanonicalJson.parse(text) instanceof JsonArray entries)) {
      throw new InvalidInputException("invalid_shape", "state changes must be a JSON array");
    }
    SortedMap<StateKey, Optional<JsonValue>> out = new TreeMap<>();
    for (int i = 0; i < entries.size(); i++) {
      if (!(entries.get(i) instanceof JsonArray entry)
          || entry.size() < 2
          || entry.size() > 3
          || !(entry.get(0) instanceof JsonString model)
          || model.getString().isEmpty()
          || !(entry.get(1) instanceof JsonString key)) {
        throw new InvalidInputException(
            "invalid_shape", "state change " + i + " is not [model, key] or [model, key, value]");
      }
      Optional<JsonValue> value = entry.size() == 3 ? Optional.of(entry.get(2)) : Optional.empty();
      if (out.put(new StateKey(model.getString(), key.getString()), value) != null) {
        throw new InvalidInputException(
            "invalid_shape",
            "state change " + i + " repeats " + model.getString() + "/" + key.getString());
      }
    }
    return out;
  }
}
