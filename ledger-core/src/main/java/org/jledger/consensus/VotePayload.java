package org.jledger.consensus;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.Objects;
import org.jledger.InvalidInputException;
import org.jledger.encoding.CanonicalJson;
import org.jledger.encoding.Hash;
import org.jledger.encoding.Members;
import org.jledger.encoding.Timestamps;

/**
 * A {@code plug.consensus.Vote} (phase one, Tendermint's prevote) or {@code plug.consensus.Commit}
 * (phase two, precommit) for a block at (height, round); {@code blockHash} null is a vote for no
 * block (DESIGN section 7, normative shape).
 */
public record VotePayload(
    Phase phase, String networkId, long height, long round, Hash blockHash, String timestamp)
    implements Payload {

  /** Which of the two phases a message belongs to. */
  public enum Phase {
    VOTE("plug.consensus.Vote"),
    COMMIT("plug.consensus.Commit");

    private final String fqdn;

    Phase(String fqdn) {
      this.fqdn = fqdn;
    }

    public String fqdn() {
      return fqdn;
    }

    static Phase of(String fqdn) {
      for (Phase p : values()) {
        if (p.fqdn.equals(fqdn)) {
          return p;
        }
      }
      throw new InvalidInputException(
          "invalid_shape", "not a vote or commit message: fqdn \"" + fqdn + "\"");
    }
  }

  public VotePayload {
    Objects.requireNonNull(phase);
    Objects.requireNonNull(networkId);
    Objects.requireNonNull(timestamp);
    if (height < 0 || round < 0) {
      throw new InvalidInputException("invalid_shape", "height and round must be >= 0");
    }
  }

  @Override
  public String fqdn() {
    return phase.fqdn();
  }

  @Override
  public JsonObjectBuilder members() {
    JsonObjectBuilder b =
        CanonicalJson.PROVIDER
            .createObjectBuilder()
            .add("fqdn", fqdn())
            .add("network_id", networkId)
            .add("height", height)
            .add("round", round);
    if (blockHash == null) {
      b.addNull("block_hash");
    } else {
      b.add("block_hash", blockHash.hex());
    }
    return b.add("timestamp", timestamp);
  }

  /** Reads the payload members of a wire message (signer members are read by {@link Signed}). */
  public static VotePayload fromJson(JsonObject o) {
    String where = "message";
    Phase phase = Phase.of(Members.string(o, "fqdn", where));
    String timestamp = Members.string(o, "timestamp", where);
    Timestamps.parse(timestamp, where + ".timestamp");
    return new VotePayload(
        phase,
        Members.string(o, "network_id", where),
        Members.integer(o, "height", where),
        Members.integer(o, "round", where),
        Members.nullableHash(o, "block_hash", where),
        timestamp);
  }
}
