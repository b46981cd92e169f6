package org.jledger.chain;

import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jledger.Result;
import org.jledger.consensus.CommitCertificate;
import org.jledger.consensus.ValidatorSet;
import org.jledger.encoding.Hash;
import org.jledger.state.State;
import org.jledger.state.StateKey;
import org.jledger.transaction.Admission;
import org.jledger.transaction.Admitted;
import org.jledger.transaction.Execution;
import org.jledger.transaction.Transaction;

/**
 * Re-executes a proposed or fetched block against the state it claims to build on (DESIGN section
 * 6): the header matches the chain (network, height, state hash, a validator proposer, the previous
 * block's certificate), every transaction passes the admission checks and applies in order, and the
 * result is exactly {@code result_state_hash}. A validator votes for a block only if this passes,
 * so a certificate also certifies the state the block produced.
 */
public final class BlockVerifier {

  private final ChainParameters parameters;
  private final Admission admission;
  private final Execution execution;

  public BlockVerifier(ChainParameters parameters, Admission admission, Execution execution) {
    this.parameters = parameters;
    this.admission = admission;
    this.execution = execution;
  }

  /**
   * Verifies {@code block} as block {@code h} on State {@code h}.
   *
   * @param state State h
   * @param previousBlockHash the hash of block h-1, or null for block 0
   * @param previousValidators the validator set that certified block h-1 (that of State h-1), or
   *     null for block 0
   * @return State h+1, or the first reason the block is invalid
   */
  public Result<State> verify(
      Block block, State state, Hash previousBlockHash, ValidatorSet previousValidators) {
    return execute(block, state, previousBlockHash, previousValidators).map(BlockExecution::state);
  }

  /** {@link #verify}, also giving the entries the block changed. */
  public Result<BlockExecution> execute(
      Block block, State state, Hash previousBlockHash, ValidatorSet previousValidators) {
    BlockHeader h = block.header();
    if (!h.networkId().equals(parameters.networkId())) {
      return Result.refused("invalid_block", "block is for network " + h.networkId());
    }
    if (h.height() != state.height()) {
      return Result.refused(
          "invalid_block", "block height " + h.height() + " does not follow " + state.height());
    }
    if (!h.stateHash().equals(state.hash())) {
      return Result.refused(
          "invalid_block",
          "block " + h.height() + " is not built on this node's State " + h.height());
    }
    ValidatorSet validators = validators(state);
    if (!validators.isValidator(h.proposer())) {
      return Result.refused(
          "invalid_block", "proposer " + h.proposer() + " is not a validator at this height");
    }
    if (block.transactions().size() > parameters.maxBlockSize()) {
      return Result.refused(
          "invalid_block",
          "block holds " + block.transactions().size() + " transactions, more than max_block_size");
    }
    if (!h.transactionsRoot().equals(Block.transactionsRoot(block.transactions()))) {
      return Result.refused("invalid_block", "transactions_root does not match the transactions");
    }
    if (!h.previousCommitsRoot().equals(BlockHeader.previousCommitsRoot(block.previousCommits()))) {
      return Result.refused("invalid_block", "previous_commits_root does not match");
    }
    if (h.height() == 0) {
      if (!block.previousCommits().isEmpty()) {
        return Result.refused("invalid_block", "block 0 cannot carry previous commits");
      }
    } else {
      Result<Long> certificate =
          CommitCertificate.check(
              block.previousCommits(),
              parameters.networkId(),
              h.height() - 1,
              previousBlockHash,
              previousValidators);
      if (certificate instanceof Result.Refused<Long> r) {
        return Result.refused(
            "invalid_block",
            "previous_commits do not certify block " + (h.height() - 1) + ": " + r.reason());
      }
    }
    preverify(block);
    State working = state;
    Map<StateKey, Optional<JsonValue>> changes = new java.util.TreeMap<>();
    Set<Hash> seen = new HashSet<>();
    int i = 0;
    for (Transaction tx : block.transactions()) {
      String which = "transaction " + i++ + " (" + tx.hash() + ")";
      if (!seen.add(tx.hash())) {
        return Result.refused("invalid_block", which + " appears twice");
      }
      Result<Admitted> admitted = admission.check(tx, working);
      if (admitted instanceof Result.Refused<Admitted> r) {
        return Result.refused("invalid_block", which + " is not admissible: " + r.reason());
      }
      Result<Map<StateKey, Optional<JsonValue>>> writes =
          execution.apply(tx, admitted.value().transform(), working);
      if (writes instanceof Result.Refused<?> r) {
        return Result.refused("invalid_block", which + " does not apply: " + r.reason());
      }
      working = working.withWrites(writes.value());
      changes.putAll(writes.value());
    }
    State result = working.successor(BlockHeader.stateLink(previousBlockHash));
    if (!result.hash().equals(h.resultStateHash())) {
      return Result.refused(
          "invalid_block",
          "re-executing block "
              + h.height()
              + " gives state "
              + result.hash()
              + ", not the claimed "
              + h.resultStateHash());
    }
    return Result.ok(new BlockExecution(result, changes));
  }

  /**
   * Verifies the signatures of the block's transactions that this node has not verified yet on all
   * cores, ahead of the in-order checks, which then find them verified; a bad signature is still
   * reported by those checks, in order.
   */
  private void preverify(Block block) {
    List<Transaction> unverified = new ArrayList<>();
    for (Transaction tx : block.transactions()) {
      if (!admission.isVerified(tx)) {
        unverified.add(tx);
      }
    }
    if (unverified.size() > 1) {
      unverified.parallelStream().forEach(admission::preverify);
    }
  }

  /** The validator set of a state, with the network's quorum. */
  public ValidatorSet validators(State state) {
    return ValidatorSet.fromEntries(
        state.entries(ValidatorSet.VOTING_POWER_MODEL), parameters.quorum());
  }
}
