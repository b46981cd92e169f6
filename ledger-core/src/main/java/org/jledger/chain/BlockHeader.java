package org.jledger.chain;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.List;
import java.util.Objects;
import org.jledger.consensus.CommitCertificate;
import org.jledger.consensus.Signed;
import org.jledger.consensus.VotePayload;
import org.jledger.crypto.Address;
import org.jledger.encoding.CanonicalJson;
import org.jledger.encoding.Hash;
import org.jledger.encoding.Members;
import org.jledger.encoding.Timestamps;

/**
 * The hashed part of a block (DESIGN section 6, normative). The block hash is {@code digest} of the
 * object holding exactly these nine members. Block {@code height} is built on State {@code height}
 * ({@code stateHash}) and produces State {@code height + 1} ({@code resultStateHash}).
 */
public record BlockHeader(
    String networkId,
    long height,
    long round,
    Hash stateHash,
    Hash resultStateHash,
    String timestamp,
    Address proposer,
    Hash transactionsRoot,
    Hash previousCommitsRoot) {

  public BlockHeader {
    Objects.requireNonNull(networkId);
    Objects.requireNonNull(stateHash);
    Objects.requireNonNull(resultStateHash);
    Objects.requireNonNull(timestamp);
    Objects.requireNonNull(proposer);
    Objects.requireNonNull(transactionsRoot);
    Objects.requireNonNull(previousCommitsRoot);
  }

  /** The nine hashed members. */
  public JsonObjectBuilder members() {
    return CanonicalJson.PROVIDER
        .createObjectBuilder()
        .add("network_id", networkId)
        .add("height", height)
        .add("round", round)
        .add("state_hash", stateHash.hex())
        .add("result_state_hash", resultStateHash.hex())
        .add("timestamp", timestamp)
        .add("proposer", proposer.value())
        .add("transactions_root", transactionsRoot.hex())
        .add("previous_commits_root", previousCommitsRoot.hex());
  }

  /** The block hash. */
  public Hash hash() {
    return CanonicalJson.digest(members().build());
  }

  /**
   * The {@code previous_block_hash} of the state block {@code h} produces: the hash of block {@code
   * h-1}, or 32 zero bytes when {@code h} is 0.
   */
  public static Hash stateLink(Hash previousBlockHash) {
    return previousBlockHash == null ? Hash.ZERO : previousBlockHash;
  }

  /** {@code digest(previous_commits sorted by address)}. */
  public static Hash previousCommitsRoot(List<Signed<VotePayload>> previousCommits) {
    JsonArrayBuilder array = CanonicalJson.PROVIDER.createArrayBuilder();
    for (Signed<VotePayload> c : CommitCertificate.sorted(previousCommits)) {
      array.add(c.toJson());
    }
    return CanonicalJson.digest(array.build());
  }

  /** Reads the nine header members of a block object. */
  public static BlockHeader fromJson(JsonObject o) {
    String where = "block";
    String timestamp = Members.string(o, "timestamp", where);
    Timestamps.parse(timestamp, where + ".timestamp");
    long height = Members.integer(o, "height", where);
    long round = Members.integer(o, "round", where);
    if (height < 0 || round < 0) {
      throw new org.jledger.InvalidInputException(
          "invalid_shape", "block height and round must be >= 0");
    }
    return new BlockHeader(
        Members.string(o, "network_id", where),
        height,
        round,
        Members.hash(o, "state_hash", where),
        Members.hash(o, "result_state_hash", where),
        timestamp,
        Address.parse(Members.string(o, "proposer", where)),
        Members.hash(o, "transactions_root", where),
        Members.hash(o, "previous_commits_root", where));
  }
}
