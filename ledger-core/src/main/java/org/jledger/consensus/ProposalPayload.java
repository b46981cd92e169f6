package org.jledger.consensus;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.jledger.InvalidInputException;
import org.jledger.chain.Block;
import org.jledger.encoding.CanonicalJson;
import org.jledger.encoding.Members;
import org.jledger.transaction.Transaction;

/**
 * A {@code plug.consensus.Proposal} (DESIGN section 7, normative shape): a block proposed for
 * (height, round). The block's own {@code round} is the round it was built in; a block proposed
 * again in a later round keeps it, which is how a proposal carries Tendermint's {@code validRound}.
 */
public record ProposalPayload(String networkId, long height, long round, Block block)
    implements Payload {

  public static final String FQDN = "plug.consensus.Proposal";

  public ProposalPayload {
    Objects.requireNonNull(networkId);
    Objects.requireNonNull(block);
    if (height < 0 || round < 0) {
      throw new InvalidInputException("invalid_shape", "height and round must be >= 0");
    }
  }

  @Override
  public String fqdn() {
    return FQDN;
  }

  @Override
  public JsonObjectBuilder members() {
    return CanonicalJson.PROVIDER
        .createObjectBuilder()
        .add("fqdn", FQDN)
        .add("network_id", networkId)
        .add("height", height)
        .add("round", round)
        .add("block", block.toJson());
  }

  /** Reads a proposal; {@code known} as for {@link Block#fromJson(JsonValue, Function)}. */
  public static ProposalPayload fromJson(
      JsonObject o, Function<JsonObject, Optional<Transaction>> known) {
    String where = "proposal";
    if (!FQDN.equals(Members.string(o, "fqdn", where))) {
      throw new InvalidInputException("invalid_shape", "not a proposal");
    }
    Block block = Block.fromJson(Members.object(o, "block", where), known);
    if (!block.commits().isEmpty()) {
      throw new InvalidInputException("invalid_shape", "a proposed block carries no commits");
    }
    return new ProposalPayload(
        Members.string(o, "network_id", where),
        Members.integer(o, "height", where),
        Members.integer(o, "round", where),
        block);
  }
}
