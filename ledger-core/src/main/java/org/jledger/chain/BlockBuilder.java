package org.jledger.chain;

import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jledger.Result;
import org.jledger.consensus.Signed;
import org.jledger.consensus.VotePayload;
import org.jledger.crypto.Address;
import org.jledger.encoding.Hash;
import org.jledger.encoding.Timestamps;
import org.jledger.state.State;
import org.jledger.state.StateKey;
import org.jledger.transaction.Admitted;
import org.jledger.transaction.Execution;
import org.jledger.transaction.Transaction;

/**
 * Builds block {@code h} on State {@code h} from an ordered pool (DESIGN sections 4 and 6):
 * transactions are applied in order; one that fails to apply is left out and stays pending, with
 * its reason; at most {@code max_block_size} go in. The result is the block (without its
 * certificate) and State {@code h+1}.
 */
public final class BlockBuilder {

  private final ChainParameters parameters;
  private final Execution execution;

  public BlockBuilder(ChainParameters parameters, Execution execution) {
    this.parameters = parameters;
    this.execution = execution;
  }

  /** A transaction left out of the block, and why. */
  public record Skipped(Transaction transaction, String code, String reason) {}

  /** The built block, the state it produces, and what was left out. */
  public record Built(
      Block block,
      State resultState,
      Map<StateKey, Optional<JsonValue>> changes,
      List<Skipped> skipped) {

    public BlockExecution execution() {
      return new BlockExecution(resultState, changes);
    }
  }

  /**
   * Builds the next block.
   *
   * @param state State h
   * @param previousBlockHash the hash of block h-1 (null for block 0)
   * @param previousCommits the certificate of block h-1 (empty for block 0)
   * @param candidates admitted transactions, in the order to try them
   */
  public Built build(
      State state,
      Hash previousBlockHash,
      List<Signed<VotePayload>> previousCommits,
      List<Admitted> candidates,
      Address proposer,
      long round,
      Instant timestamp) {
    State working = state;
    Map<StateKey, Optional<JsonValue>> changes = new java.util.TreeMap<>();
    List<Transaction> included = new ArrayList<>();
    Map<Hash, Skipped> skipped = new java.util.LinkedHashMap<>();
    Set<Hash> seen = new HashSet<>();
    // Transactions whose nonce is ahead are retried once those before them are in, so a
    // signer's transactions arriving out of order still go into one block.
    List<Admitted> remaining = new ArrayList<>(candidates);
    boolean progress = true;
    while (progress && !remaining.isEmpty() && included.size() < parameters.maxBlockSize()) {
      progress = false;
      List<Admitted> retry = new ArrayList<>();
      for (Admitted candidate : remaining) {
        if (included.size() >= parameters.maxBlockSize()) {
          break;
        }
        Transaction tx = candidate.transaction();
        if (seen.contains(tx.hash())) {
          continue;
        }
        Result<Map<StateKey, Optional<JsonValue>>> writes =
            execution.apply(tx, candidate.transform(), working);
        if (writes instanceof Result.Refused<?> refused) {
          skipped.put(tx.hash(), new Skipped(tx, refused.code(), refused.reason()));
          if (Execution.NONCE_AHEAD.equals(refused.code())) {
            retry.add(candidate);
          }
          continue;
        }
        seen.add(tx.hash());
        skipped.remove(tx.hash());
        working = working.withWrites(writes.value());
        changes.putAll(writes.value());
        included.add(tx);
        progress = true;
      }
      remaining = retry;
    }
    State result = working.successor(BlockHeader.stateLink(previousBlockHash));
    BlockHeader header =
        new BlockHeader(
            parameters.networkId(),
            state.height(),
            round,
            state.hash(),
            result.hash(),
            Timestamps.format(timestamp),
            proposer,
            Block.transactionsRoot(included),
            BlockHeader.previousCommitsRoot(previousCommits));
    return new Built(
        new Block(header, included, previousCommits, List.of()),
        result,
        changes,
        List.copyOf(skipped.values()));
  }
}
