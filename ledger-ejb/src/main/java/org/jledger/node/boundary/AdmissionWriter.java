package org.jledger.node.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jledger.encoding.Hash;
import org.jledger.node.LedgerNode;
import org.jledger.node.NotReadyException;
import org.jledger.transaction.Admitted;
import org.jledger.transaction.Transaction;
import org.jledger.transaction.TransactionRecord;
import org.jledger.transaction.TransactionStatus;

/**
 * Group commit of admitted transactions. Submissions (from clients and from gossip) are queued; one
 * writer thread takes up to {@value #MAX_BATCH} at a time, stores the clients' ones as pending in
 * ONE database transaction (one log flush for the lot), and only then hands them all to the node's
 * pool and completes each submission, so a client's 202 still means the transaction is durable.
 * Gossiped transactions are pooled without being stored: their origin stored them. No thread holds
 * a database connection while it waits: the writer stores before it hands the batch to the pool
 * (whose lock is never held for long), and client threads wait for their batch without a
 * transaction. The clients' transactions are gossiped to the other nodes as one batch before the
 * clients get their answers.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class AdmissionWriter {

  private static final Logger LOG = Logger.getLogger(AdmissionWriter.class.getName());

  /** Most transactions stored in one database transaction. */
  static final int MAX_BATCH = 1000;

  /** Most submissions waiting to be stored; beyond, clients get 503 and gossip is dropped. */
  static final int QUEUE_CAPACITY = 20_000;

  /** An admitted transaction waiting to be stored. */
  private record Submission(
      LedgerNode node,
      Admitted admitted,
      boolean durable,
      CompletableFuture<TransactionRecord> done) {}

  private final BlockingQueue<Submission> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
  private volatile boolean running = true;
  private volatile Consumer<List<? extends JsonObject>> gossip = txs -> {};
  private Thread thread;

  @Resource private ManagedThreadFactory threads;

  @EJB private AdmissionWriter self;

  @PostConstruct
  void start() {
    thread = threads.newThread(this::run);
    thread.setName("jledger-admission-writer");
    thread.start();
  }

  @PreDestroy
  void stop() {
    running = false;
    thread.interrupt();
  }

  /**
   * Queues admitted transactions to be stored and pooled; each answer completes once its
   * transaction is durable, or fails with {@link NotReadyException} when too many submissions
   * waited already.
   */
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  public List<CompletableFuture<TransactionRecord>> write(
      LedgerNode node, List<Admitted> admitted) {
    List<CompletableFuture<TransactionRecord>> answers = new ArrayList<>(admitted.size());
    for (Admitted a : admitted) {
      try {
        answers.add(submit(node, a, true));
      } catch (NotReadyException busy) {
        answers.add(CompletableFuture.failedFuture(busy));
      }
    }
    return answers;
  }

  /** Where the transactions of clients go once stored and pooled, one batch at a time. */
  public void gossipTo(Consumer<List<? extends JsonObject>> sender) {
    this.gossip = sender;
  }

  /**
   * Queues a transaction another node admitted, stored and gossiped, to be pooled without storing
   * it here: its origin keeps it until a block holds it, and committing that block stores it here.
   *
   * @throws NotReadyException when too many submissions wait already
   */
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  public void pool(LedgerNode node, Admitted admitted) {
    submit(node, admitted, false);
  }

  private CompletableFuture<TransactionRecord> submit(
      LedgerNode node, Admitted admitted, boolean durable) {
    CompletableFuture<TransactionRecord> done = new CompletableFuture<>();
    if (!queue.offer(new Submission(node, admitted, durable, done))) {
      throw new NotReadyException(
          "the node has " + QUEUE_CAPACITY + " submissions waiting to be stored; try again later");
    }
    return done;
  }

  /**
   * Stores a batch as pending, in one new transaction (called by the writer thread), returning the
   * hashes of those stored now.
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public Set<Hash> store(LedgerNode node, List<Admitted> batch) {
    return node.store(batch);
  }

  private void run() {
    List<Submission> batch = new ArrayList<>(MAX_BATCH);
    while (running) {
      try {
        Submission first = queue.poll(1, TimeUnit.SECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, MAX_BATCH - 1);
        write(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.log(Level.SEVERE, "Could not store " + batch.size() + " admitted transactions", e);
        batch.forEach(s -> s.done().completeExceptionally(e));
      } finally {
        batch.clear();
      }
    }
  }

  private void write(List<Submission> batch) {
    LedgerNode node = batch.get(0).node();
    List<Admitted> durable = new ArrayList<>(batch.size());
    for (Submission s : batch) {
      if (s.durable()) {
        durable.add(s.admitted());
      }
    }
    Set<Hash> stored = Set.of();
    if (!durable.isEmpty()) {
      try {
        stored = self.store(node, durable);
      } catch (RuntimeException e) {
        // e.g. a block commit stored one of them meanwhile: those stored are left alone on retry
        LOG.log(Level.FINE, "Storing a batch failed; retrying once", e);
        stored = self.store(node, durable);
      }
    }
    List<Submission> pooled = new ArrayList<>(batch.size());
    List<Admitted> admitted = new ArrayList<>(batch.size());
    for (Submission s : batch) {
      Transaction tx = s.admitted().transaction();
      if (s.durable() && !stored.contains(tx.hash())) {
        // stored here before (pending, confirmed or rejected): answered as it is, idempotently
        s.done().complete(node.known(tx.hash()).orElseGet(() -> TransactionRecord.pending(tx)));
      } else {
        pooled.add(s);
        admitted.add(s.admitted());
      }
    }
    List<TransactionRecord> records = node.accept(admitted, stored);
    List<JsonObject> fresh = new ArrayList<>(durable.size());
    for (int i = 0; i < pooled.size(); i++) {
      if (pooled.get(i).durable() && records.get(i).status() == TransactionStatus.PENDING) {
        fresh.add(pooled.get(i).admitted().transaction().toJson());
      }
    }
    // handed to the gossip before the clients hear 202, so a node stopping right after its answer
    // still sends it (the network flushes its gossip when it closes)
    gossip.accept(fresh);
    for (int i = 0; i < pooled.size(); i++) {
      pooled.get(i).done().complete(records.get(i));
    }
  }
}
