package org.jledger.chain;

import java.util.ArrayDeque;
import java.util.List;
import org.jledger.LedgerException;
import org.jledger.Result;
import org.jledger.consensus.CommitCertificate;
import org.jledger.consensus.ValidatorSet;
import org.jledger.encoding.Hash;
import org.jledger.state.State;

/**
 * Re-verifies a stored chain from genesis, as a node does before it serves anything: every block
 * parses and its hash recomputes, links to its predecessor through a valid {@code previous_commits}
 * certificate, re-executes to its {@code result_state_hash}, carries a valid certificate of its
 * own, and the stored state changes equal the re-executed ones. The first height where anything
 * fails is named.
 */
public final class ChainReplay {

  private final BlockVerifier verifier;
  private final int quorum;

  public ChainReplay(BlockVerifier verifier, int quorum) {
    this.verifier = verifier;
    this.quorum = quorum;
  }

  /** The verified states 0..n, where n is the store's height; or the first bad height. */
  public Result<List<State>> replay(State genesis, BlockStore store) {
    return replay(genesis, store, Integer.MAX_VALUE);
  }

  /**
   * Verifies the whole stored chain as {@link #replay(State, BlockStore)} does, keeping only the
   * last {@code keep} states (at least two): the states n-keep+1..n, or 0..n if there are fewer.
   */
  public Result<List<State>> replay(State genesis, BlockStore store, int keep) {
    ArrayDeque<State> states = new ArrayDeque<>();
    states.add(genesis);
    State previous = null;
    long height = store.height();
    Hash previousHash = null;
    for (long h = 0; h < height; h++) {
      State state = states.getLast();
      Block block;
      try {
        block =
            store
                .block(h)
                .orElseThrow(() -> new IllegalStateException("no stored block at this height"));
      } catch (LedgerException | IllegalStateException e) {
        return refused(h, "the stored block cannot be read: " + e.getMessage());
      }
      if (block.height() != h) {
        return refused(h, "the stored block says it is block " + block.height());
      }
      ValidatorSet previousValidators = previous == null ? null : verifier.validators(previous);
      Result<BlockExecution> executed =
          verifier.execute(block, state, previousHash, previousValidators);
      if (executed instanceof Result.Refused<BlockExecution> r) {
        return refused(h, r.reason());
      }
      ValidatorSet validators = verifier.validators(state);
      Result<Long> certified =
          CommitCertificate.check(block.commits(), state.networkId(), h, block.hash(), validators);
      if (certified instanceof Result.Refused<Long> r) {
        return refused(h, "its certificate is invalid: " + r.reason());
      }
      try {
        if (!store.changes(h).equals(executed.value().changes())) {
          return refused(h, "the stored state changes differ from re-executing the block");
        }
      } catch (LedgerException e) {
        return refused(h, "the stored state changes cannot be read: " + e.getMessage());
      }
      states.add(executed.value().state());
      if (states.size() > Math.max(2, keep)) {
        states.removeFirst();
      }
      previous = state;
      previousHash = block.hash();
    }
    return Result.ok(List.copyOf(states));
  }

  private static Result<List<State>> refused(long height, String reason) {
    return Result.refused(
        "chain_corrupt", "the stored chain is invalid at height " + height + ": " + reason);
  }
}
