package org.jledger.dapp.acl;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jledger.dapp.Model;
import org.jledger.dapp.ModelSchema;
import org.jledger.dapp.ModelSchema.Field;
import org.jledger.dapp.ModelSchema.Type;
import org.jledger.encoding.CanonicalJson;

/**
 * {@code plug.ext.acl.ACLGroupModel}: group name -> {@code {"members": [address, ...]}}; an absent
 * group has no members. Group names never start with {@code _} or {@code ^} and never hold {@code
 * |}, which the ACL rules reserve.
 */
public final class AclGroupModel implements Model {

  public static final String FQDN = "plug.ext.acl.ACLGroupModel";

  private static final ModelSchema SCHEMA =
      ModelSchema.of(Map.of("members", Field.required(Type.ARRAY).withItems(Type.STRING)));

  @Override
  public String fqdn() {
    return FQDN;
  }

  @Override
  public JsonValue defaultValue() {
    return of(List.of());
  }

  @Override
  public Optional<ModelSchema> schema() {
    return Optional.of(SCHEMA);
  }

  /** {@code {"members": [...]}}. */
  public static JsonObject of(Collection<String> members) {
    return CanonicalJson.PROVIDER
        .createObjectBuilder()
        .add("members", CanonicalJson.PROVIDER.createArrayBuilder(members))
        .build();
  }

  /** The members a stored value lists; a malformed value lists nobody. */
  public static List<String> members(JsonValue value) {
    if (value instanceof JsonObject o && o.get("members") instanceof JsonArray array) {
      return array.stream()
          .filter(JsonString.class::isInstance)
          .map(v -> ((JsonString) v).getString())
          .toList();
    }
    return List.of();
  }
}
