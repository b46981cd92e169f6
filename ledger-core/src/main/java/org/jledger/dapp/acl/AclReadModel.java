package org.jledger.dapp.acl;

import jakarta.json.JsonValue;
import java.util.Map;
import java.util.Optional;
import org.jledger.dapp.Model;
import org.jledger.dapp.ModelSchema;
import org.jledger.dapp.ModelSchema.Field;
import org.jledger.dapp.ModelSchema.Type;

/**
 * {@code plug.ext.acl.ACLReadModel}: model FQDN -> {@code {rule: [target, ...]}}, who may read
 * which keys of that model. See {@link AclPolicy#canRead} for the rules and targets. An absent (or
 * empty) entry leaves the model readable by everyone.
 */
public final class AclReadModel implements Model {

  public static final String FQDN = "plug.ext.acl.ACLReadModel";

  static final ModelSchema RULES =
      ModelSchema.of(Map.of())
          .allowingOtherFields(Field.optional(Type.ARRAY).withItems(Type.STRING));

  @Override
  public String fqdn() {
    return FQDN;
  }

  @Override
  public JsonValue defaultValue() {
    return JsonValue.EMPTY_JSON_OBJECT;
  }

  @Override
  public Optional<ModelSchema> schema() {
    return Optional.of(RULES);
  }
}
