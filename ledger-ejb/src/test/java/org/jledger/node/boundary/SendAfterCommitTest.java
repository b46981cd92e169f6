package org.jledger.node.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SendAfterCommitTest {

  /** One transaction at a time, as the container runs a singleton's steps. */
  private static final class Transactions implements TransactionSynchronizationRegistry {
    private Object key;
    private final Map<Object, Object> resources = new HashMap<>();
    private final List<Synchronization> synchronizations = new ArrayList<>();

    void begin() {
      key = new Object();
    }

    void end(int status) {
      synchronizations.forEach(Synchronization::beforeCompletion);
      key = null;
      synchronizations.forEach(s -> s.afterCompletion(status));
      synchronizations.clear();
      resources.clear();
    }

    @Override
    public Object getTransactionKey() {
      return key;
    }

    @Override
    public void putResource(Object k, Object value) {
      resources.put(k, value);
    }

    @Override
    public Object getResource(Object k) {
      return resources.get(k);
    }

    @Override
    public void registerInterposedSynchronization(Synchronization sync) {
      synchronizations.add(sync);
    }

    @Override
    public int getTransactionStatus() {
      return key == null ? Status.STATUS_NO_TRANSACTION : Status.STATUS_ACTIVE;
    }

    @Override
    public void setRollbackOnly() {}

    @Override
    public boolean getRollbackOnly() {
      return false;
    }
  }

  private final Transactions transactions = new Transactions();
  private final SendAfterCommit outbox = new SendAfterCommit(transactions);
  private final List<String> sent = new ArrayList<>();

  @Test
  void messagesOfATransactionLeaveWhenItCommitsInOrder() {
    transactions.begin();
    outbox.beginStep();
    outbox.send(() -> sent.add("prevote"));
    outbox.send(() -> sent.add("precommit"));
    assertThat(sent).isEmpty();

    transactions.end(Status.STATUS_COMMITTED);

    assertThat(sent).containsExactly("prevote", "precommit");
    assertThat(outbox.isStale()).isFalse();
  }

  @Test
  void messagesOfATransactionThatRolledBackNeverLeaveAndTheMachineIsStale() {
    transactions.begin();
    outbox.beginStep();
    outbox.send(() -> sent.add("precommit"));
    transactions.end(Status.STATUS_ROLLEDBACK);

    assertThat(sent).isEmpty();
    assertThat(outbox.isStale()).isTrue();

    outbox.recovered();
    transactions.begin();
    outbox.send(() -> sent.add("precommit again"));
    transactions.end(Status.STATUS_COMMITTED);
    assertThat(sent).containsExactly("precommit again");
    assertThat(outbox.isStale()).isFalse();
  }

  @Test
  void aStepThatSentNothingIsStaleToo() {
    transactions.begin();
    outbox.beginStep();
    transactions.end(Status.STATUS_ROLLEDBACK);

    assertThat(outbox.isStale()).isTrue();
  }

  @Test
  void outsideATransactionAMessageLeavesAtOnce() {
    outbox.send(() -> sent.add("request blocks"));

    assertThat(sent).containsExactly("request blocks");
  }

  @Test
  void aMessageThatFailsToLeaveDoesNotStopTheOthers() {
    transactions.begin();
    outbox.send(
        () -> {
          throw new IllegalStateException("the broker went away");
        });
    outbox.send(() -> sent.add("commit"));
    transactions.end(Status.STATUS_COMMITTED);

    assertThat(sent).containsExactly("commit");
  }
}
