package org.jledger.consensus;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jledger.Result;
import org.jledger.chain.Block;
import org.jledger.transaction.Transaction;

/** The ports the {@link ConsensusMachine} works through; adapters and tests implement them. */
public final class ConsensusPorts {

  private ConsensusPorts() {}

  /** The ledger the machine decides blocks for. */
  public interface Application {

    /** The height being decided: the number of committed blocks. */
    long height();

    /** The validators of that height. */
    ValidatorSet validators();

    /** Whether a pending transaction could go into the next block. */
    boolean hasPendingWork();

    /** A new block for the current height, built in {@code round}; empty if nothing to propose. */
    Optional<Block> propose(long round);

    /** Re-executes a block for the current height; ok only if a validator may vote for it. */
    Result<?> validate(Block block);

    /** Commits the decided block with its certificate; afterwards {@link #height()} is one more. */
    void commit(Block block, List<Signed<VotePayload>> certificate);

    /**
     * Commits a block decided without this node, fetched from a peer because it fell behind; by
     * default as {@link #commit}.
     */
    default void commitFetched(Block block, List<Signed<VotePayload>> certificate) {
      commit(block, certificate);
    }

    /**
     * A pending transaction whose content is exactly {@code json} (see {@link
     * Transaction#hasContent}), so that a proposal's transactions need not be read again.
     */
    default Optional<Transaction> pending(JsonObject json) {
      return Optional.empty();
    }
  }

  /**
   * What a validator has signed, persisted before anything is sent, so that after a crash it never
   * signs two different messages for one (height, round, phase).
   */
  public interface SafetyStore {

    /** The message signed for (height, round, kind), kind being a message fqdn. */
    Optional<JsonObject> signed(long height, long round, String kind);

    /** Durably records a signed message; called before the message leaves the machine. */
    void recordSigned(long height, long round, String kind, JsonObject message);

    /** The lock of {@code height}: the locked block and round, if any. */
    Optional<Lock> lock(long height);

    /** Durably records the lock of a height. */
    void recordLock(long height, Lock lock);
  }

  /** Tendermint's {@code lockedValue} and {@code lockedRound}. */
  public record Lock(long round, Block block) {}

  /** What the machine sends and asks for. */
  public interface Outbox {

    /** Sends a signed consensus message to every node (not back to this one). */
    void broadcast(JsonObject message);

    /** Asks for {@code timeout} to be fed back as an event after {@code delay}. */
    void schedule(Timeout timeout, Duration delay);

    /** Two different signed messages of one validator for one (height, round, kind). */
    void evidence(JsonObject first, JsonObject second);

    /**
     * This node is behind: ask peers for committed blocks with their certificates from {@code
     * fromHeight} on, to be fed back with {@link ConsensusMachine#onCommittedBlock}.
     */
    void requestBlocks(long fromHeight);

    /**
     * Publishes committed block {@code height} with its certificate, so that nodes that missed its
     * last messages commit it too (fed back with {@link ConsensusMachine#onCommittedBlock}).
     */
    void announce(long height);
  }

  /** A timeout of one step of one round. */
  public record Timeout(long height, long round, Step step) {}

  /** The steps of a round. */
  public enum Step {
    PROPOSE,
    VOTE,
    COMMIT
  }
}
