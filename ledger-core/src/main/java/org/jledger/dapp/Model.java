package org.jledger.dapp;

import jakarta.json.JsonValue;
import java.util.Optional;
import java.util.Set;

/**
 * A named key/value collection in the state. Entries are {@code (fqdn(), key) -> value}; state
 * always names a model by its canonical {@link #fqdn()}, while configurations and transactions may
 * also use an {@link #aliases() alias}.
 */
public interface Model {

  /** The canonical, universally unique name, e.g. {@code demo.BalanceModel}. */
  String fqdn();

  /** Other names accepted in configurations and transactions, e.g. Plug's module paths. */
  default Set<String> aliases() {
    return Set.of();
  }

  /** The value of a key that is not stored. */
  JsonValue defaultValue();

  /** The declarative schema that {@link #validate} enforces, if any. */
  default Optional<ModelSchema> schema() {
    return Optional.empty();
  }

  /**
   * Refuses a value this model must not hold, with a {@link SchemaViolationException} (code {@code
   * schema_violation}) naming the field. By default checks {@link #schema()} and accepts anything
   * when there is none.
   */
  default void validate(JsonValue value) {
    schema().ifPresent(s -> s.validate(fqdn(), value));
  }
}
