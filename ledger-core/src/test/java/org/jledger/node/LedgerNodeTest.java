package org.jledger.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.JsonObject;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jledger.InvalidInputException;
import org.jledger.chain.Block;
import org.jledger.chain.BlockBuilder;
import org.jledger.chain.BlockExecution;
import org.jledger.chain.BlockStore;
import org.jledger.chain.InMemoryBlockStore;
import org.jledger.encoding.CanonicalJson;
import org.jledger.state.State;
import org.jledger.support.TestNetwork;
import org.jledger.transaction.Admitted;
import org.jledger.transaction.Transaction;
import org.jledger.transaction.TransactionRecord;
import org.jledger.transaction.TransactionStatus;
import org.junit.jupiter.api.Test;

class LedgerNodeTest {

  private final TestNetwork net = new TestNetwork(3, 100, 1, 67);
  private final InMemoryBlockStore store = new InMemoryBlockStore();
  private final List<Block> committedEvents = new ArrayList<>();

  private LedgerNode node() {
    return node(store);
  }

  private LedgerNode node(BlockStore store) {
    LedgerNode node = started(net, store);
    node.addListener(
        new LedgerNode.Listener() {
          @Override
          public void blockCommitted(Block block) {
            committedEvents.add(block);
          }

          @Override
          public void transactionChanged(TransactionRecord record) {}
        });
    return node;
  }

  /** A started node of {@code network} on {@code store}, its clock fixed at the network's start. */
  private static LedgerNode started(TestNetwork network, BlockStore store) {
    return started(network, store, 1000);
  }

  /** The same, with a pool of {@code poolCapacity} transactions. */
  private static LedgerNode started(TestNetwork network, BlockStore store, int poolCapacity) {
    LedgerNode node =
        new LedgerNode(
            network.parameters,
            network.dapps,
            network.genesis,
            store,
            Clock.fixed(TestNetwork.T0, ZoneOffset.UTC),
            poolCapacity);
    assertThat(node.start().isOk()).isTrue();
    return node;
  }

  /** Something a test store does before each commit (it may wait or throw). */
  private interface BeforeCommit {
    void run() throws Exception;
  }

  /** The test's {@link #store}, running {@code hook} before each commit. */
  private BlockStore storeWhoseCommitFirst(BeforeCommit hook) {
    return (BlockStore)
        Proxy.newProxyInstance(
            BlockStore.class.getClassLoader(),
            new Class<?>[] {BlockStore.class},
            (proxy, method, args) -> {
              if (method.getName().equals("commit")) {
                hook.run();
              }
              try {
                return method.invoke(store, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  private Block proposeValidateCommit(LedgerNode node) {
    BlockBuilder.Built built = node.propose(net.validators.get(0).address(), 0).orElseThrow();
    BlockExecution checked = node.validate(built.block()).value();
    assertThat(checked.state().hash()).isEqualTo(built.resultState().hash());
    node.commit(built.block(), net.certificate(built.block()), checked);
    return built.block();
  }

  @Test
  void submittedTransactionsArePendingThenConfirmed() {
    LedgerNode node = node();
    Transaction tx = net.transfer(0, 1, 10, 0);
    assertThat(node.submit(tx).status()).isEqualTo(TransactionStatus.PENDING);
    assertThat(node.submit(tx).status()).as("idempotent").isEqualTo(TransactionStatus.PENDING);
    assertThat(node.poolSize()).isEqualTo(1);
    assertThat(node.hasPendingWork()).isTrue();

    Block block = proposeValidateCommit(node);
    assertThat(node.height()).isEqualTo(1);
    assertThat(node.poolSize()).isZero();
    assertThat(node.hasPendingWork()).isFalse();
    TransactionRecord confirmed = node.transaction(tx.hash()).orElseThrow();
    assertThat(confirmed.status()).isEqualTo(TransactionStatus.CONFIRMED);
    assertThat(confirmed.height()).isZero();
    assertThat(confirmed.blockHash()).isEqualTo(block.hash());
    assertThat(node.state(0).orElseThrow()).isEqualTo(net.genesis);
    assertThat(node.state(-1).orElseThrow()).isEqualTo(node.head());
    assertThat(node.state(2)).isEmpty();
    assertThat(committedEvents).extracting(Block::hash).containsExactly(block.hash());
    assertThat(node.propose(net.validators.get(0).address(), 0)).isEmpty();
  }

  /**
   * Only the last states stay in memory; an older one is rebuilt from the stored changes, the same
   * state as when it was the head, also on a restarted node.
   */
  @Test
  void aProposedBlockIsReadWithTheTransactionsThePoolHoldsAlready() {
    LedgerNode proposer = node();
    LedgerNode other = node(new InMemoryBlockStore());
    Transaction pooled = net.transfer(0, 1, 10, 0);
    Transaction notPooled = net.transfer(1, 0, 5, 0);
    proposer.submit(pooled);
    proposer.submit(notPooled);
    other.submit(pooled);
    Block block = proposer.propose(net.validators.get(0).address(), 0).orElseThrow().block();

    JsonObject json = CanonicalJson.parseObject(CanonicalJson.toCanonicalString(block.toJson()));
    Block read = Block.fromJson(json, other::pending);

    assertThat(read.hash()).isEqualTo(block.hash());
    assertThat(read.transactions()).containsExactlyElementsOf(block.transactions());
    for (Transaction tx : read.transactions()) {
      if (tx.equals(pooled)) {
        assertThat(tx).isSameAs(pooled);
      } else {
        assertThat(tx).isNotSameAs(notPooled);
      }
    }
    assertThat(other.validate(read).isOk()).isTrue();
  }

  @Test
  void blocksAreReadFromMemoryAtTheHeadAndAsStoredBelowIt() {
    BlockStore store = new InMemoryBlockStore();
    LedgerNode node = node(store);
    assertThat(node.blockJson(-1)).isEmpty();
    assertThat(node.blockJson(0)).isEmpty();
    node.submit(net.transfer(0, 1, 10, 0));
    proposeValidateCommit(node);
    node.submit(net.transfer(0, 1, 10, 1));
    proposeValidateCommit(node);
    Block head = node.headBlock().orElseThrow();
    assertThat(head.height()).isEqualTo(1);
    String headText = CanonicalJson.toCanonicalString(head.toJson());
    assertThat(text(node.blockJson(-1))).contains(headText);
    assertThat(text(node.blockJson(1))).contains(headText);
    assertThat(text(node.blockJson(0))).isEqualTo(text(store.blockJson(0))).isPresent();
    assertThat(node.blockJson(2)).isEmpty();
    assertThat(node.block(2)).isEmpty();
    assertThat(node.block(0).orElseThrow().toJson())
        .isEqualTo(store.block(0).orElseThrow().toJson());
  }

  private static Optional<String> text(Optional<byte[]> utf8) {
    return utf8.map(b -> new String(b, StandardCharsets.UTF_8));
  }

  @Test
  void theAdmissionRemembersWhatThePoolAndTwoBlocksHoldWithoutOverflowing() {
    assertThat(LedgerNode.rememberedChecks(12_288, 2_000)).isEqualTo(16_288);
    assertThat(LedgerNode.rememberedChecks(Integer.MAX_VALUE - 1, 2_000))
        .isEqualTo(Integer.MAX_VALUE);
  }

  @Test
  void oldStatesAreRebuiltFromTheStore() {
    LedgerNode node = node();
    List<State> heads = new ArrayList<>(List.of(node.head()));
    int blocks = LedgerNode.RECENT_STATES + 6;
    for (int h = 0; h < blocks; h++) {
      node.submit(net.transfer(h % 3, (h + 1) % 3, 1, h / 3));
      proposeValidateCommit(node);
      heads.add(node.head());
    }
    LedgerNode restarted = node();
    for (LedgerNode n : List.of(node, restarted)) {
      assertThat(n.height()).isEqualTo(blocks);
      for (int h : new int[] {0, 1, 2, 5, 6, blocks - LedgerNode.RECENT_STATES, blocks}) {
        State s = n.state(h).orElseThrow();
        assertThat(s.height()).isEqualTo(h);
        assertThat(s.hash()).as("state " + h).isEqualTo(heads.get(h).hash());
        assertThat(s.entries("demo.BalanceModel"))
            .isEqualTo(heads.get(h).entries("demo.BalanceModel"));
      }
      assertThat(n.state(blocks + 1)).isEmpty();
    }
  }

  /** Admission takes only the pool's lock, so it goes on while a block is being stored. */
  @Test
  void aBlockWhoseStoreFailedKeepsItsRejectionsForTheRetry() {
    boolean[] failed = {false};
    LedgerNode node =
        node(
            storeWhoseCommitFirst(
                () -> {
                  if (!failed[0]) {
                    failed[0] = true;
                    throw new IllegalStateException("the database went away");
                  }
                }));
    Transaction first = net.transfer(0, 1, 10, 0);
    Transaction sameNonce = net.transfer(0, 2, 5, 0);
    node.submit(first);
    node.submit(sameNonce);
    BlockBuilder.Built built = node.propose(net.validators.get(0).address(), 0).orElseThrow();
    assertThat(built.block().transactions()).containsExactly(first);

    assertThatThrownBy(
            () -> node.commit(built.block(), net.certificate(built.block()), built.execution()))
        .hasMessageContaining("went away");
    assertThat(node.height()).isZero();
    node.commit(built.block(), net.certificate(built.block()));

    assertThat(node.height()).isEqualTo(1);
    assertThat(store.transaction(first.hash()).orElseThrow().status())
        .isEqualTo(TransactionStatus.CONFIRMED);
    TransactionRecord rejected = store.transaction(sameNonce.hash()).orElseThrow();
    assertThat(rejected.status()).isEqualTo(TransactionStatus.REJECTED);
    assertThat(rejected.reason()).contains("nonce 0");
    assertThat(store.pending()).isEmpty();
  }

  @Test
  void admittingDoesNotWaitForABlockBeingStored() throws Exception {
    CountDownLatch storing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    LedgerNode node =
        node(
            storeWhoseCommitFirst(
                () -> {
                  storing.countDown();
                  release.await(10, TimeUnit.SECONDS);
                }));
    Transaction first = net.transfer(0, 1, 10, 0);
    node.submit(first);
    BlockBuilder.Built built = node.propose(net.validators.get(0).address(), 0).orElseThrow();
    Thread committer =
        new Thread(
            () -> node.commit(built.block(), net.certificate(built.block()), built.execution()));
    committer.start();
    try {
      assertThat(storing.await(10, TimeUnit.SECONDS)).isTrue();
      Transaction second = net.transfer(1, 2, 5, 0);
      TransactionRecord admitted =
          CompletableFuture.supplyAsync(() -> node.submit(second)).get(5, TimeUnit.SECONDS);
      assertThat(admitted.status()).isEqualTo(TransactionStatus.PENDING);
      // one the block holds is not pooled again while the block is stored
      TransactionRecord again =
          node.accept(List.of(net.admitted(first, net.genesis)), Set.of()).get(0);
      assertThat(again.status()).isNotEqualTo(TransactionStatus.REJECTED);
    } finally {
      release.countDown();
      committer.join();
    }
    assertThat(node.height()).isEqualTo(1);
    assertThat(node.poolSize()).isEqualTo(1);
    assertThat(
            node.propose(net.validators.get(0).address(), 1).orElseThrow().block().transactions())
        .extracting(Transaction::hash)
        .containsExactly(net.transfer(1, 2, 5, 0).hash());
  }

  @Test
  void refusedTransactionsChangeNothing() {
    LedgerNode node = node();
    assertThatThrownBy(() -> node.submit(net.transfer(0, 1, 1000, 0)))
        .isInstanceOf(InvalidInputException.class)
        .extracting("code")
        .isEqualTo("insufficient_funds");
    assertThat(node.poolSize()).isZero();
    assertThat(store.pending()).isEmpty();
  }

  @Test
  void aRestartedNodeHasTheSameHeadAndItsPendingTransactions() {
    LedgerNode first = node();
    first.submit(net.transfer(0, 1, 10, 0));
    proposeValidateCommit(first);
    Transaction waiting = net.transfer(1, 2, 5, 0);
    first.submit(waiting);

    LedgerNode second = node();
    assertThat(second.height()).isEqualTo(1);
    assertThat(second.head().hash()).isEqualTo(first.head().hash());
    assertThat(second.headBlock().orElseThrow().hash())
        .isEqualTo(first.headBlock().orElseThrow().hash());
    assertThat(second.poolSize()).isEqualTo(1);
    Block next = proposeValidateCommit(second);
    assertThat(next.transactions()).containsExactly(waiting);
  }

  /**
   * Of two transactions with one nonce, the block takes one and the other is rejected. Submitting
   * either again answers what the node stored, whether the admission now refuses it (the confirmed
   * one: its nonce is used up) or not, and stores or pools nothing.
   */
  @Test
  void aTransactionWhoseNonceIsUsedUpByAnotherIsRejectedAndAnsweredSoAgain() {
    LedgerNode node = node();
    Transaction a = net.transfer(0, 1, 10, 0);
    Transaction b = net.transfer(0, 2, 10, 0);
    node.submit(a);
    node.submit(b);
    proposeValidateCommit(node);
    TransactionRecord ra = node.transaction(a.hash()).orElseThrow();
    TransactionRecord rb = node.transaction(b.hash()).orElseThrow();
    assertThat(List.of(ra.status(), rb.status()))
        .containsExactlyInAnyOrder(TransactionStatus.CONFIRMED, TransactionStatus.REJECTED);
    assertThat(node.poolSize()).isZero();

    assertThat(node.submit(a)).isEqualTo(ra);
    assertThat(node.submit(b)).isEqualTo(rb);
    assertThat(node.poolSize()).isZero();
    assertThat(store.pending()).isEmpty();
    assertThatThrownBy(() -> node.submit(net.transfer(0, 2, 11, 0)))
        .as("a new transaction with a used nonce is still refused")
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void aBlockFromAnotherChainDoesNotValidate() {
    LedgerNode node = node();
    TestNetwork other = new TestNetwork(3, 50, 1, 67);
    Block foreign = other.chain(1).blocks().get(0);
    assertThat(node.validate(foreign).isOk()).isFalse();
  }

  @Test
  void aTransactionCommittedWhileItWasBeingStoredIsAnsweredConfirmed() {
    LedgerNode node = node();
    Transaction tx = net.transfer(0, 1, 10, 0);
    Admitted admitted = node.admit(tx);
    // meanwhile another validator's block with the same transaction commits here
    LedgerNode peer = started(net, new InMemoryBlockStore());
    peer.submit(tx);
    BlockBuilder.Built built = peer.propose(net.validators.get(0).address(), 0).orElseThrow();
    node.commit(built.block(), net.certificate(built.block()));

    List<TransactionRecord> records = node.accept(List.of(admitted), node.store(List.of(admitted)));

    assertThat(records)
        .extracting(TransactionRecord::status)
        .containsExactly(TransactionStatus.CONFIRMED);
    assertThat(node.poolSize()).isZero();
    assertThat(node.transaction(tx.hash()).orElseThrow().status())
        .isEqualTo(TransactionStatus.CONFIRMED);
  }

  @Test
  void transactionsThisNodeStoredAreGossipedAgainWhileTheyWaitAndAfterARestart() {
    LedgerNode node = node();
    List<List<Transaction>> again = new ArrayList<>();
    node.addListener(
        new LedgerNode.Listener() {
          @Override
          public void gossipAgain(List<Transaction> transactions) {
            again.add(transactions);
          }
        });
    // nonce 0 of accounts 0 and 1 never comes, so these wait
    Transaction submitted = net.transfer(0, 1, 1, 1);
    Transaction gossiped = net.transfer(1, 2, 1, 1);
    Transaction gossipedThenSubmitted = net.transfer(0, 2, 1, 2);
    node.submit(submitted);
    node.accept(List.of(node.admit(gossiped), node.admit(gossipedThenSubmitted)), Set.of());
    node.submit(gossipedThenSubmitted);
    assertThat(node.storedPending()).containsExactly(submitted, gossipedThenSubmitted);

    List<Integer> heights = new ArrayList<>();
    for (int h = 0; h < 64; h++) {
      node.submit(net.transfer(2, 0, 1, h));
      int before = again.size();
      proposeValidateCommit(node);
      if (again.size() > before) {
        assertThat(again.get(before)).containsExactly(submitted, gossipedThenSubmitted);
        heights.add(h);
      }
    }
    // after waiting 4, 16 and 64 blocks
    assertThat(heights).containsExactly(3, 15, 63);
    assertThat(again).hasSize(3);

    LedgerNode restarted = node(store);
    assertThat(restarted.storedPending()).containsExactly(submitted, gossipedThenSubmitted);
  }

  /**
   * A node far behind admits a transaction against its old head and then catches up: the blocks it
   * fetches were decided before the transaction arrived and do not count toward its wait, the
   * blocks decided with it do.
   */
  @Test
  void aNodeCatchingUpExpiresWhatItAdmittedOnlyByTheBlocksDecidedWithIt() {
    TestNetwork rich = new TestNetwork(4, 1_000, 1, 67);
    int ttl = rich.parameters.pendingTtl();
    TestNetwork.Chain network = rich.chain(ttl + 5);
    LedgerNode behind = started(rich, new InMemoryBlockStore());
    // account 1's nonce 5 waits for nonces 0-4, which no block holds
    Transaction waiting = rich.transfer(1, 2, 1, 5);
    assertThat(behind.submit(waiting).status()).isEqualTo(TransactionStatus.PENDING);

    for (Block b : network.blocks()) {
      behind.commitFetched(b, rich.certificate(b));
    }
    assertThat(behind.height()).isEqualTo(ttl + 5);
    assertThat(behind.transaction(waiting.hash()).orElseThrow().status())
        .isEqualTo(TransactionStatus.PENDING);

    for (int i = 0; i < ttl; i++) {
      assertThat(behind.transaction(waiting.hash()).orElseThrow().status())
          .as("after %d blocks decided with it", i)
          .isEqualTo(TransactionStatus.PENDING);
      behind.submit(rich.transfer(0, 3, 1, ttl + 5 + i));
      Block block = behind.propose(rich.validators.get(0).address(), 0).orElseThrow().block();
      behind.commit(block, rich.certificate(block));
    }
    TransactionRecord expired = behind.transaction(waiting.hash()).orElseThrow();
    assertThat(expired.status()).isEqualTo(TransactionStatus.REJECTED);
    assertThat(expired.reason()).contains("still pending after " + ttl + " blocks");
  }

  @Test
  void aBatchIsStoredThenPooledOnceEach() {
    LedgerNode node = node();
    Transaction a = net.transfer(0, 1, 10, 0);
    Transaction b = net.transfer(1, 2, 10, 0);
    List<Admitted> batch = List.of(node.admit(a), node.admit(b), node.admit(a));

    List<TransactionRecord> records = node.accept(batch, node.store(batch));

    assertThat(records)
        .extracting(TransactionRecord::status)
        .containsOnly(TransactionStatus.PENDING);
    assertThat(store.pending())
        .extracting(p -> p.transaction().hash())
        .containsExactly(a.hash(), b.hash());
    assertThat(node.poolSize()).isEqualTo(2);
    assertThat(proposeValidateCommit(node).transactions()).containsExactly(a, b);
  }

  @Test
  void aFullPoolRefusesBeforeAnythingIsStored() {
    LedgerNode node = started(net, store, 1);
    node.submit(net.transfer(0, 1, 10, 0));

    assertThatThrownBy(() -> node.submit(net.transfer(1, 2, 10, 0)))
        .isInstanceOf(NotReadyException.class)
        .hasMessageContaining("1 pending transactions");
    assertThat(store.pending()).hasSize(1);
  }
}
