package org.jledger.dapp.demo;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.Objects;
import java.util.Set;
import org.jledger.dapp.MutableStateSlice;
import org.jledger.dapp.SchemaViolationException;
import org.jledger.dapp.StateSlice;
import org.jledger.dapp.Transform;
import org.jledger.dapp.TransformName;
import org.jledger.dapp.TransformRejectedException;
import org.jledger.encoding.CanonicalJson;

/**
 * Merges {@code data} into {@code person}'s record in {@link PersonModel}; the person must sign.
 *
 * <p>The merge is a JSON Merge Patch (RFC 7396): members of {@code data} replace the record's, a
 * nested object merges recursively, and a {@code null} member deletes that member. Refusals: {@code
 * invalid_address}, {@code empty_update} ({@code data} is {@code {}}), {@code schema_violation}
 * (the merged record is not an object the model accepts).
 */
@TransformName(value = "demo.UpdatePerson", aliases = "plug.builtin.UpdatePerson")
public record UpdatePerson(String person, JsonObject data) implements Transform {

  public UpdatePerson {
    Objects.requireNonNull(person, "person");
    Objects.requireNonNull(data, "data");
  }

  @Override
  public Set<String> requiredAuthorizations() {
    return Set.of(person);
  }

  @Override
  public Set<String> requiredModels() {
    return Set.of(PersonModel.FQDN);
  }

  @Override
  public Set<String> requiredKeys() {
    return Set.of(person);
  }

  @Override
  public void verify(StateSlice slice) {
    merged(slice);
  }

  @Override
  public void apply(MutableStateSlice slice) {
    slice.put(PersonModel.FQDN, person, merged(slice));
  }

  private JsonValue merged(StateSlice slice) {
    Transform.requireAddress("person", person);
    if (data.isEmpty()) {
      throw new TransformRejectedException("empty_update", "data is empty; nothing to update");
    }
    JsonValue current = slice.get(PersonModel.FQDN, person);
    JsonValue next = CanonicalJson.PROVIDER.createMergePatch(data).apply(current);
    if (next.getValueType() != JsonValue.ValueType.OBJECT) {
      throw new SchemaViolationException(PersonModel.FQDN + ": a record must be an object");
    }
    return next;
  }
}
