package org.jledger.transaction;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.util.List;
import java.util.Optional;
import org.jledger.encoding.CanonicalJson;
import org.jledger.state.StateView;
import org.jledger.support.Vectors;
import org.junit.jupiter.api.Test;

class PoolTest {

  private static final String TEXT =
      CanonicalJson.toCanonicalString(
          Vectors.all().getJsonObject("transaction").getJsonObject("transaction"));

  private static final StateView EMPTY = (model, key) -> Optional.empty();

  @Test
  void theDefaultCapacityFollowsTheHeap() {
    assertThat(Pool.defaultCapacity(384L << 20)).isEqualTo(12_288);
    assertThat(Pool.defaultCapacity(1L << 30)).isEqualTo(32_768);
    assertThat(Pool.defaultCapacity(8L << 30)).isEqualTo(Pool.MAX_DEFAULT_CAPACITY);
    assertThat(Pool.defaultCapacity(1024)).isEqualTo(1);
  }

  @Test
  void findsAPendingTransactionByItsContentUntilABlockTakesIt() {
    Transaction tx = Transaction.parse(TEXT);
    JsonObject json = CanonicalJson.parseObject(TEXT);
    Pool pool = new Pool(10, 100);
    assertThat(pool.withContent(json)).isEmpty();

    pool.add(new Admitted(tx, null, true), 0, true);
    assertThat(pool.withContent(json)).containsSame(tx);
    JsonObject other = CanonicalJson.parseObject(TEXT.replace("\"amount\":10", "\"amount\":11"));
    assertThat(pool.withContent(other)).isEmpty();
    assertThat(pool.withContent(CanonicalJson.parseObject("{\"proofs\":[]}"))).isEmpty();

    pool.afterCommit(List.of(tx.hash()), EMPTY, 0, false);
    assertThat(pool.withContent(json)).isEmpty();
  }

  @Test
  void aTransactionStillPendingAfterPendingTtlBlocksIsRejectedWithItsLastReason() {
    Transaction tx = Transaction.parse(TEXT);
    Pool pool = new Pool(3, 100);
    pool.add(new Admitted(tx, null, true), 0, true);
    pool.recordFailure(tx.hash(), "insufficient_funds", "the balance is 5");

    assertThat(pool.afterCommit(List.of(), EMPTY, 0, false).rejected()).isEmpty();
    assertThat(pool.afterCommit(List.of(), EMPTY, 1, false).rejected()).isEmpty();
    List<Pool.Rejection> rejected = pool.afterCommit(List.of(), EMPTY, 2, false).rejected();

    assertThat(rejected).extracting(Pool.Rejection::transaction).containsExactly(tx);
    assertThat(rejected.get(0).code()).isEqualTo("insufficient_funds");
    assertThat(rejected.get(0).reason())
        .isEqualTo("still pending after 3 blocks; last: the balance is 5");
    assertThat(pool.size()).isZero();
  }

  @Test
  void blocksFetchedWhileCatchingUpDoNotCountTowardTheWait() {
    Transaction tx = Transaction.parse(TEXT);
    Pool pool = new Pool(3, 100);
    pool.add(new Admitted(tx, null, true), 0, true);

    for (long h = 0; h < 10; h++) {
      assertThat(pool.afterCommit(List.of(), EMPTY, h, true).rejected()).isEmpty();
    }
    assertThat(pool.afterCommit(List.of(), EMPTY, 10, false).rejected()).isEmpty();
    assertThat(pool.afterCommit(List.of(), EMPTY, 11, false).rejected()).isEmpty();
    assertThat(pool.afterCommit(List.of(), EMPTY, 12, false).rejected())
        .extracting(Pool.Rejection::transaction)
        .containsExactly(tx);
  }
}
