package org.jledger.dapp.system;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jledger.dapp.DAppRegistry;
import org.jledger.dapp.Model;
import org.jledger.dapp.ModelSchema;
import org.jledger.dapp.ModelSchema.Field;
import org.jledger.dapp.ModelSchema.Type;
import org.jledger.dapp.SchemaViolationException;
import org.jledger.encoding.CanonicalJson;

/**
 * {@code plug.model.ValidatorSetProposalModel}: proposal id -> {@code {"changes": {address: voting
 * power}, "approvals": [address, ...]}}, a validator-set change that validators have approved but
 * whose approvals do not yet hold a quorum of voting power. {@link ValidatorSetChange} writes it
 * and removes the entry when the change takes effect.
 */
public final class ValidatorSetProposalModel implements Model {

  public static final String FQDN = DAppRegistry.VALIDATOR_SET_PROPOSAL_MODEL;

  private static final ModelSchema SCHEMA =
      ModelSchema.of(
          Map.of(
              "changes", Field.required(Type.OBJECT),
              "approvals", Field.required(Type.ARRAY).withItems(Type.STRING)));

  /** A pending change: the new voting power of each address it names, and who approved it. */
  public record Proposal(Map<String, Long> changes, List<String> approvals) {

    public Proposal {
      changes = Map.copyOf(changes);
      approvals = List.copyOf(approvals);
    }

    /** The stored value. */
    public JsonObject toJson() {
      var c = CanonicalJson.PROVIDER.createObjectBuilder();
      new TreeMap<>(changes).forEach(c::add);
      return CanonicalJson.PROVIDER
          .createObjectBuilder()
          .add("changes", c)
          .add("approvals", CanonicalJson.PROVIDER.createArrayBuilder(approvals))
          .build();
    }

    /** The proposal a stored value holds; a value the schema admits always parses. */
    public static Proposal of(JsonValue value) {
      JsonObject o = value.asJsonObject();
      Map<String, Long> changes = new TreeMap<>();
      o.getJsonObject("changes").forEach((k, v) -> changes.put(k, VotingPowerModel.power(v)));
      List<String> approvals = new ArrayList<>();
      for (JsonValue a : o.getJsonArray("approvals")) {
        approvals.add(((JsonString) a).getString());
      }
      return new Proposal(changes, approvals);
    }

    /** This proposal with one more approval. */
    public Proposal approvedBy(String validator) {
      List<String> more = new ArrayList<>(approvals);
      more.add(validator);
      return new Proposal(changes, more);
    }
  }

  @Override
  public String fqdn() {
    return FQDN;
  }

  @Override
  public JsonValue defaultValue() {
    return JsonValue.NULL;
  }

  @Override
  public Optional<ModelSchema> schema() {
    return Optional.of(SCHEMA);
  }

  @Override
  public void validate(JsonValue value) {
    Model.super.validate(value);
    JsonObject changes = value.asJsonObject().getJsonObject("changes");
    if (changes.isEmpty()) {
      throw new SchemaViolationException(FQDN + ": 'changes' must not be empty");
    }
    changes.values().forEach(VotingPowerModel::power);
  }
}
