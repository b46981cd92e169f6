package org.jledger.node;

import jakarta.json.JsonObject;
import java.util.List;
import java.util.Optional;
import org.jledger.Result;
import org.jledger.chain.Block;
import org.jledger.chain.BlockBuilder;
import org.jledger.consensus.ConsensusPorts;
import org.jledger.consensus.Signed;
import org.jledger.consensus.ValidatorSet;
import org.jledger.consensus.VotePayload;
import org.jledger.crypto.Address;
import org.jledger.transaction.Transaction;

/** The {@link ConsensusPorts.Application} of a {@link LedgerNode}. */
public final class LedgerApplication implements ConsensusPorts.Application {

  private final LedgerNode node;
  private final Address proposer;

  /**
   * @param proposer this node's validator address (blocks it proposes name it)
   */
  public LedgerApplication(LedgerNode node, Address proposer) {
    this.node = node;
    this.proposer = proposer;
  }

  @Override
  public long height() {
    return node.height();
  }

  @Override
  public ValidatorSet validators() {
    return node.validators();
  }

  @Override
  public boolean hasPendingWork() {
    return node.hasPendingWork();
  }

  @Override
  public Optional<Block> propose(long round) {
    return proposer == null
        ? Optional.empty()
        : node.propose(proposer, round).map(BlockBuilder.Built::block);
  }

  @Override
  public Result<?> validate(Block block) {
    return node.validate(block);
  }

  @Override
  public void commit(Block block, List<Signed<VotePayload>> certificate) {
    node.commit(block, certificate);
  }

  @Override
  public void commitFetched(Block block, List<Signed<VotePayload>> certificate) {
    node.commitFetched(block, certificate);
  }

  @Override
  public Optional<Transaction> pending(JsonObject json) {
    return node.pending(json);
  }
}
