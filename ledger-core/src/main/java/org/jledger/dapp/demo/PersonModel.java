package org.jledger.dapp.demo;

import jakarta.json.JsonValue;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jledger.dapp.Model;
import org.jledger.dapp.ModelSchema;
import org.jledger.dapp.ModelSchema.Field;

/**
 * {@code demo.PersonModel}: address -> a free-form record (a JSON object) about that person; an
 * absent address holds {@code {}}.
 */
public final class PersonModel implements Model {

  public static final String FQDN = "demo.PersonModel";

  private static final ModelSchema SCHEMA = ModelSchema.of(Map.of()).allowingOtherFields(Field.ANY);

  @Override
  public String fqdn() {
    return FQDN;
  }

  @Override
  public Set<String> aliases() {
    return Set.of("plug.builtin.PersonModel");
  }

  @Override
  public JsonValue defaultValue() {
    return JsonValue.EMPTY_JSON_OBJECT;
  }

  @Override
  public Optional<ModelSchema> schema() {
    return Optional.of(SCHEMA);
  }
}
