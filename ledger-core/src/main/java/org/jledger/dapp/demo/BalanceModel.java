package org.jledger.dapp.demo;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jledger.dapp.Model;
import org.jledger.dapp.ModelSchema;
import org.jledger.dapp.ModelSchema.Field;
import org.jledger.dapp.ModelSchema.Type;
import org.jledger.encoding.CanonicalJson;

/**
 * {@code demo.BalanceModel} (aliases {@code plug_demo.balance.BalanceModel}, {@code
 * plug.builtin.BalanceModel}): address -> {@code {"balance": n}} with {@code n} a non-negative
 * integer; an absent address holds {@code {"balance": 0}}.
 */
public final class BalanceModel implements Model {

  public static final String FQDN = "demo.BalanceModel";

  private static final ModelSchema SCHEMA =
      ModelSchema.of(Map.of("balance", Field.required(Type.INTEGER).withMin(0)));

  @Override
  public String fqdn() {
    return FQDN;
  }

  @Override
  public Set<String> aliases() {
    return Set.of("plug_demo.balance.BalanceModel", "plug.builtin.BalanceModel");
  }

  @Override
  public JsonValue defaultValue() {
    return of(0);
  }

  @Override
  public Optional<ModelSchema> schema() {
    return Optional.of(SCHEMA);
  }

  /** {@code {"balance": n}}. */
  public static JsonObject of(long balance) {
    return CanonicalJson.PROVIDER.createObjectBuilder().add("balance", balance).build();
  }

  /** The balance a stored or default value holds, checked against the schema. */
  public static long balance(JsonValue value) {
    SCHEMA.validate(FQDN, value);
    return value.asJsonObject().getJsonNumber("balance").longValueExact();
  }
}
