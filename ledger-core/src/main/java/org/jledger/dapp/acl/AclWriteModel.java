package org.jledger.dapp.acl;

import jakarta.json.JsonValue;
import java.util.Optional;
import org.jledger.dapp.Model;
import org.jledger.dapp.ModelSchema;

/**
 * {@code plug.ext.acl.ACLWriteModel}: transform FQDN -> {@code {field: [group, ...]}}, which groups
 * the address in each named field of that transform must belong to. See {@link
 * AclPolicy#checkWrite}. An absent (or empty) entry lets anyone run the transform.
 */
public final class AclWriteModel implements Model {

  public static final String FQDN = "plug.ext.acl.ACLWriteModel";

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
    return Optional.of(AclReadModel.RULES);
  }
}
