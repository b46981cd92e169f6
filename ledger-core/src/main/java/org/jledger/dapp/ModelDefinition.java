package org.jledger.dapp;

import jakarta.json.JsonValue;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jledger.encoding.CanonicalJson;

/**
 * A model given entirely by data: name, aliases, default value and optional schema. Models that
 * need their own validation implement {@link Model} instead.
 */
public record ModelDefinition(
    String fqdn, Set<String> aliases, JsonValue defaultValue, Optional<ModelSchema> schema)
    implements Model {

  public ModelDefinition {
    if (fqdn == null || fqdn.isEmpty()) {
      throw new IllegalArgumentException("a model needs an FQDN");
    }
    aliases = Set.copyOf(aliases);
    Objects.requireNonNull(defaultValue, "defaultValue");
    CanonicalJson.check(defaultValue, fqdn + " default");
    Objects.requireNonNull(schema, "schema");
  }

  /** A model without aliases or schema. */
  public static ModelDefinition of(String fqdn, JsonValue defaultValue) {
    return new ModelDefinition(fqdn, Set.of(), defaultValue, Optional.empty());
  }

  public ModelDefinition withAliases(String... aliases) {
    return new ModelDefinition(fqdn, Set.of(aliases), defaultValue, schema);
  }

  public ModelDefinition withSchema(ModelSchema schema) {
    return new ModelDefinition(fqdn, aliases, defaultValue, Optional.of(schema));
  }
}
