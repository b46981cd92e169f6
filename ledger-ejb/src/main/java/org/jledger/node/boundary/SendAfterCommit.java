package org.jledger.node.boundary;

import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What the consensus machine sends, held until the transaction of its step commits. The machine
 * records what it signs in its safety store before it sends it, but the record is durable only once
 * the step's transaction commits: a vote sent before could outlive a record that a crash or a
 * failed commit loses, and the restarted validator could then sign a conflicting one. Messages sent
 * in a transaction leave after it commits, in order; if it rolls back they are dropped, and the
 * machine's memory of that step holds what the database does not: {@link #isStale()} says so until
 * {@link #recovered()}. Outside a transaction a message leaves at once.
 *
 * <p>Used by the consensus singleton, whose steps run one at a time.
 */
final class SendAfterCommit {

  private static final Logger LOG = Logger.getLogger(SendAfterCommit.class.getName());

  /** The key of a transaction's queue among the registry's resources. */
  private final Object key = new Object();

  private final TransactionSynchronizationRegistry registry;
  private volatile boolean stale;

  SendAfterCommit(TransactionSynchronizationRegistry registry) {
    this.registry = registry;
  }

  /**
   * Starts a step: joins the current transaction, if any, so that its outcome is known even if the
   * step sends nothing.
   */
  void beginStep() {
    queue();
  }

  /** Sends now outside a transaction; else once the current transaction has committed. */
  void send(Runnable message) {
    List<Runnable> queue = queue();
    if (queue == null) {
      message.run();
    } else {
      queue.add(message);
    }
  }

  /** Whether a step's transaction rolled back since the last {@link #recovered()}. */
  boolean isStale() {
    return stale;
  }

  /** The machine was rebuilt from the database. */
  void recovered() {
    stale = false;
  }

  @SuppressWarnings("unchecked")
  private List<Runnable> queue() {
    if (registry.getTransactionKey() == null
        || registry.getTransactionStatus() != Status.STATUS_ACTIVE) {
      return null;
    }
    List<Runnable> queue = (List<Runnable>) registry.getResource(key);
    if (queue == null) {
      List<Runnable> fresh = new ArrayList<>();
      registry.putResource(key, fresh);
      registry.registerInterposedSynchronization(
          new Synchronization() {
            @Override
            public void beforeCompletion() {}

            @Override
            public void afterCompletion(int status) {
              completed(status, fresh);
            }
          });
      queue = fresh;
    }
    return queue;
  }

  private void completed(int status, List<Runnable> queue) {
    if (status != Status.STATUS_COMMITTED) {
      // logged once until the machine is rebuilt: a database that went away fails every step
      Level level = stale ? Level.FINE : Level.WARNING;
      stale = true;
      LOG.log(
          level,
          () ->
              "A consensus step's transaction did not commit; "
                  + queue.size()
                  + " message(s) it would have sent are dropped");
      return;
    }
    for (Runnable message : queue) {
      try {
        message.run();
      } catch (RuntimeException e) {
        // a message lost on the way: the machine sends what it signed again
        LOG.log(Level.WARNING, "A consensus message could not be sent", e);
      }
    }
  }
}
