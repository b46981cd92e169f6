package org.jledger.chain;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jledger.InvalidInputException;
import org.jledger.consensus.CommitCertificate;
import org.jledger.consensus.Signed;
import org.jledger.consensus.VotePayload;
import org.jledger.encoding.CanonicalJson;
import org.jledger.encoding.Hash;
import org.jledger.encoding.Members;
import org.jledger.transaction.Transaction;

/**
 * A block: its header, its transactions in order, the certificate of the block before it ({@code
 * previous_commits}) and, once committed, its own certificate ({@code commits}, not hashed).
 */
public record Block(
    BlockHeader header,
    List<Transaction> transactions,
    List<Signed<VotePayload>> previousCommits,
    List<Signed<VotePayload>> commits) {

  public static final String FQDN = "plug.consensus.Block";

  private static final Set<String> MEMBERS =
      Set.of(
          "fqdn",
          "network_id",
          "height",
          "round",
          "state_hash",
          "result_state_hash",
          "timestamp",
          "proposer",
          "transactions_root",
          "previous_commits_root",
          "transactions",
          "previous_commits",
          "hash",
          "commits");

  public Block {
    transactions = List.copyOf(transactions);
    previousCommits = List.copyOf(CommitCertificate.sorted(previousCommits));
    commits = List.copyOf(CommitCertificate.sorted(commits));
  }

  public Hash hash() {
    return header.hash();
  }

  public long height() {
    return header.height();
  }

  /** The same block with its own certificate attached. */
  public Block withCommits(List<Signed<VotePayload>> certificate) {
    return new Block(header, transactions, previousCommits, certificate);
  }

  /** {@code transactions_root}: RFC 6962 over the transactions' hashes in block order. */
  public static Hash transactionsRoot(List<Transaction> transactions) {
    List<Hash> hashes = new ArrayList<>(transactions.size());
    for (Transaction t : transactions) {
      hashes.add(t.hash());
    }
    return Rfc6962.root(hashes);
  }

  public JsonObject toJson() {
    return toJsonBuilder().build();
  }

  /** The block without its transactions and certificates' bodies, for block lists. */
  public JsonObject headerJson() {
    return header
        .members()
        .add("fqdn", FQDN)
        .add("hash", hash().hex())
        .add("transaction_count", transactions.size())
        .build();
  }

  private JsonObjectBuilder toJsonBuilder() {
    JsonArrayBuilder txs = CanonicalJson.PROVIDER.createArrayBuilder();
    for (Transaction t : transactions) {
      txs.add(t.toJson());
    }
    return header
        .members()
        .add("fqdn", FQDN)
        .add("transactions", txs)
        .add("previous_commits", array(previousCommits))
        .add("hash", hash().hex())
        .add("commits", array(commits));
  }

  private static JsonArrayBuilder array(List<Signed<VotePayload>> messages) {
    JsonArrayBuilder a = CanonicalJson.PROVIDER.createArrayBuilder();
    for (Signed<VotePayload> m : messages) {
      a.add(m.toJson());
    }
    return a;
  }

  /**
   * Reads a block and checks that it is self-consistent: known members only, the {@code hash}
   * recomputes, and so do {@code transactions_root} and {@code previous_commits_root}. Whether it
   * is valid on a chain is {@link BlockVerifier}'s question.
   */
  public static Block fromJson(JsonValue value) {
    return fromJson(value, NOTHING_KNOWN);
  }

  /** For {@link #fromJson(JsonValue, Function)}: no transaction is known, each is read. */
  public static final Function<JsonObject, Optional<Transaction>> NOTHING_KNOWN =
      t -> Optional.empty();

  /**
   * {@link #fromJson(JsonValue)}, taking each transaction that {@code known} holds with exactly
   * that content (see {@link Transaction#hasContent}) as it is instead of reading it again.
   */
  public static Block fromJson(JsonValue value, Function<JsonObject, Optional<Transaction>> known) {
    JsonObject o = Members.object(value, "block");
    if (!FQDN.equals(Members.string(o, "fqdn", "block"))) {
      throw new InvalidInputException("invalid_shape", "block.fqdn must be \"" + FQDN + "\"");
    }
    for (String m : o.keySet()) {
      if (!MEMBERS.contains(m)) {
        throw new InvalidInputException("invalid_shape", "block has an unknown member " + m);
      }
    }
    BlockHeader header = BlockHeader.fromJson(o);
    List<Transaction> transactions = new ArrayList<>();
    for (JsonValue t : Members.array(o, "transactions", "block")) {
      Optional<Transaction> tx =
          t instanceof JsonObject j ? known.apply(j) : Optional.<Transaction>empty();
      transactions.add(tx.isPresent() ? tx.get() : Transaction.fromJson(t));
    }
    List<Signed<VotePayload>> previous = messages(Members.array(o, "previous_commits", "block"));
    List<Signed<VotePayload>> commits =
        o.containsKey("commits") ? messages(Members.array(o, "commits", "block")) : List.of();
    Block block = new Block(header, transactions, previous, commits);
    Hash claimed = Members.hash(o, "hash", "block");
    if (!claimed.equals(block.hash())) {
      throw new InvalidInputException(
          "invalid_block", "block.hash " + claimed + " is not the hash of its header");
    }
    if (!header.transactionsRoot().equals(transactionsRoot(transactions))) {
      throw new InvalidInputException(
          "invalid_block", "block.transactions_root does not match its transactions");
    }
    if (!header.previousCommitsRoot().equals(BlockHeader.previousCommitsRoot(previous))) {
      throw new InvalidInputException(
          "invalid_block", "block.previous_commits_root does not match its previous_commits");
    }
    return block;
  }

  private static List<Signed<VotePayload>> messages(JsonArray array) {
    List<Signed<VotePayload>> out = new ArrayList<>(array.size());
    for (JsonValue v : array) {
      out.add(Signed.voteFromJson(Members.object(v, "commit")));
    }
    return out;
  }
}
