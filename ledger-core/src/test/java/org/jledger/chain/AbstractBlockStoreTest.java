package org.jledger.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.jledger.encoding.CanonicalJson;
import org.jledger.encoding.Hash;
import org.jledger.support.TestNetwork;
import org.jledger.transaction.Transaction;
import org.jledger.transaction.TransactionRecord;
import org.jledger.transaction.TransactionStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link BlockStore}, run against every implementation (in memory here; JPA on
 * Derby and PostgreSQL in ledger-ejb).
 */
public abstract class AbstractBlockStoreTest {

  protected final TestNetwork net = new TestNetwork(3, 100, 1, 67);
  protected final TestNetwork.Chain chain = net.chain(3);
  protected BlockStore store;

  /** A new, empty store. */
  protected abstract BlockStore newStore();

  @BeforeEach
  void setUp() {
    store = newStore();
  }

  private void commitAll() {
    for (int h = 0; h < chain.blocks().size(); h++) {
      store.commit(chain.blocks().get(h), chain.built().get(h).execution(), List.of(), Set.of());
    }
  }

  @Test
  void anEmptyStoreHasNoBlocks() {
    assertThat(store.height()).isZero();
    assertThat(store.block(0)).isEmpty();
    assertThat(store.blocks(0, 10)).isEmpty();
    assertThat(store.pending()).isEmpty();
  }

  @Test
  void committedBlocksComeBackWithTheirCertificates() {
    commitAll();
    assertThat(store.height()).isEqualTo(3);
    for (Block b : chain.blocks()) {
      Block stored = store.block(b.height()).orElseThrow();
      assertThat(stored.toJson()).isEqualTo(b.toJson());
      assertThat(stored.commits()).hasSize(1);
      assertThat(store.block(b.hash()).orElseThrow().height()).isEqualTo(b.height());
      // never stored pending here (as if only gossiped): inserted confirmed
      TransactionRecord tx = store.transaction(b.transactions().get(0).hash()).orElseThrow();
      assertThat(tx.status()).isEqualTo(TransactionStatus.CONFIRMED);
      assertThat(tx.height()).isEqualTo(b.height());
      assertThat(tx.blockHash()).isEqualTo(b.hash());
    }
    assertThat(store.blocks(1, 10)).extracting(Block::height).containsExactly(1L, 2L);
    assertThat(store.blocks(0, 2)).extracting(Block::height).containsExactly(0L, 1L);
  }

  @Test
  void aCommittedBlockIsReadAsItsCanonicalText() {
    assertThat(store.blockJson(0)).isEmpty();
    commitAll();
    for (Block b : chain.blocks()) {
      String text = new String(store.blockJson(b.height()).orElseThrow(), StandardCharsets.UTF_8);
      assertThat(text).isEqualTo(CanonicalJson.toCanonicalString(b.toJson()));
      assertThat(Block.fromJson(CanonicalJson.parse(text)).hash()).isEqualTo(b.hash());
    }
    assertThat(store.blockJson(3)).isEmpty();
  }

  @Test
  void committingRecordsTheStateChangesOfEachHeight() {
    commitAll();
    for (int h = 0; h < 3; h++) {
      assertThat(store.changes(h)).isEqualTo(chain.built().get(h).changes());
    }
  }

  @Test
  void pendingTransactionsSurviveAndLeaveThePoolWhenCommitted() {
    Transaction first = chain.blocks().get(0).transactions().get(0);
    Transaction other = net.transfer(2, 1, 5, 0);
    store.savePending(first, 0);
    store.savePending(other, 0);
    store.savePending(other, 0);
    assertThat(store.pending())
        .extracting(BlockStore.Pending::transaction)
        .containsExactly(first, other);
    assertThat(store.transaction(first.hash()).orElseThrow().status())
        .isEqualTo(TransactionStatus.PENDING);

    store.commit(
        chain.blocks().get(0), chain.built().get(0).execution(), List.of(), Set.of(first.hash()));
    TransactionRecord confirmed = store.transaction(first.hash()).orElseThrow();
    assertThat(confirmed.status()).isEqualTo(TransactionStatus.CONFIRMED);
    assertThat(confirmed.height()).isZero();
    assertThat(confirmed.blockHash()).isEqualTo(chain.blocks().get(0).hash());
    assertThat(confirmed.transaction()).isEqualTo(first);
    assertThat(store.pending()).extracting(BlockStore.Pending::transaction).containsExactly(other);
  }

  @Test
  void aBlocksTransactionsAreConfirmedOnceWhateverTheHintSays() {
    TestNetwork.Chain wide = net.chain(2, 3);
    List<Transaction> first = wide.blocks().get(0).transactions();
    // the first of them was only gossiped here
    Transaction storedMeanwhile = first.get(1);
    Transaction storedAndHinted = first.get(2);
    store.savePending(storedMeanwhile, 0);
    store.savePending(storedAndHinted, 0);
    // a client stored one a moment before the block: the pool did not know it yet
    store.commit(
        wide.blocks().get(0),
        wide.built().get(0).execution(),
        List.of(),
        Set.of(storedAndHinted.hash()));

    List<Transaction> second = wide.blocks().get(1).transactions();
    store.savePending(second.get(1), 0);
    store.saveRejected(TransactionRecord.rejected(second.get(1), "expired"));
    store.savePending(second.get(2), 0);
    // the hint names one this node never stored, and not the two it did
    store.commit(
        wide.blocks().get(1),
        wide.built().get(1).execution(),
        List.of(),
        Set.of(second.get(0).hash()));

    for (Block b : wide.blocks()) {
      for (Transaction tx : b.transactions()) {
        TransactionRecord r = store.transaction(tx.hash()).orElseThrow();
        assertThat(r.status())
            .as("%s of block %d", tx.hash(), b.height())
            .isEqualTo(TransactionStatus.CONFIRMED);
        assertThat(r.height()).isEqualTo(b.height());
        assertThat(r.blockHash()).isEqualTo(b.hash());
        assertThat(r.reason()).isNull();
        assertThat(r.transaction()).isEqualTo(tx);
      }
    }
    assertThat(store.pending()).isEmpty();
  }

  @Test
  void aBatchOfPendingTransactionsStoresThoseNotStoredInAnyStatus() {
    Transaction confirmed = chain.blocks().get(0).transactions().get(0);
    Transaction pending = net.transfer(2, 1, 5, 0);
    Transaction rejected = net.transfer(2, 1, 6, 0);
    store.commit(chain.blocks().get(0), chain.built().get(0).execution(), List.of(), Set.of());
    store.savePending(pending, 0);
    store.savePending(rejected, 0);
    store.saveRejected(TransactionRecord.rejected(rejected, "expired"));
    Transaction a = net.transfer(2, 1, 7, 0);
    Transaction b = net.transfer(2, 1, 8, 0);
    Transaction c = net.transfer(2, 1, 9, 0);

    Set<Hash> stored = store.savePending(List.of(a, pending, b, confirmed, a, rejected, c), 1);

    assertThat(stored).containsExactlyInAnyOrder(a.hash(), b.hash(), c.hash());
    assertThat(store.pending())
        .extracting(BlockStore.Pending::transaction)
        .containsExactly(pending, a, b, c);
    assertThat(store.transaction(confirmed.hash()).orElseThrow().status())
        .isEqualTo(TransactionStatus.CONFIRMED);
    TransactionRecord r = store.transaction(rejected.hash()).orElseThrow();
    assertThat(r.status()).isEqualTo(TransactionStatus.REJECTED);
    assertThat(r.reason()).isEqualTo("expired");
    assertThat(store.savePending(List.of(a, b), 2)).isEmpty();
  }

  @Test
  void rejectionsAreKeptWithTheirReason() {
    Transaction other = net.transfer(2, 1, 5, 0);
    store.savePending(other, 0);
    store.commit(
        chain.blocks().get(0),
        chain.built().get(0).execution(),
        List.of(TransactionRecord.rejected(other, "insufficient funds")),
        Set.of());
    TransactionRecord r = store.transaction(other.hash()).orElseThrow();
    assertThat(r.status()).isEqualTo(TransactionStatus.REJECTED);
    assertThat(r.reason()).isEqualTo("insufficient funds");
    assertThat(store.pending()).isEmpty();

    Transaction another = net.transfer(2, 1, 6, 0);
    store.savePending(another, 1);
    store.saveRejected(TransactionRecord.rejected(another, "expired"));
    assertThat(store.transaction(another.hash()).orElseThrow().reason()).isEqualTo("expired");
    assertThat(store.pending()).isEmpty();
  }

  @Test
  void unknownThingsAreEmpty() {
    assertThat(store.transaction(net.transfer(0, 1, 1, 0).hash())).isEmpty();
    assertThat(store.block(chain.blocks().get(0).hash())).isEmpty();
  }
}
