package org.jledger.chain.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jledger.Result;
import org.jledger.chain.AbstractBlockStoreTest;
import org.jledger.chain.BlockStore;
import org.jledger.chain.ChainReplay;
import org.jledger.state.State;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@link BlockStore} contract on embedded Derby, and tampering found by the replay. */
class JpaBlockStoreTest extends AbstractBlockStoreTest {

  @TempDir static Path dir;
  private JpaFixture fixture;

  @Override
  protected BlockStore newStore() {
    fixture = JpaFixture.derby(dir.resolve("t" + System.nanoTime()));
    return fixture.blockStore();
  }

  @AfterEach
  void close() throws Exception {
    fixture.close();
  }

  private void commitChain() {
    for (int h = 0; h < chain.blocks().size(); h++) {
      store.commit(chain.blocks().get(h), chain.built().get(h).execution(), List.of(), Set.of());
    }
  }

  /** Re-verifies the chain as a restarted node does, with nothing cached. */
  private Result<List<State>> replay() {
    fixture.emf.getCache().evictAll();
    return new ChainReplay(net.verifier, 67).replay(net.genesis, store);
  }

  @Test
  void aBlockIsCommittedInTheTransactionTheStoreIsGivenForIt() throws Exception {
    List<String> transactions = new ArrayList<>();
    BlockStore own =
        new JpaBlockStore(
            fixture.em,
            work -> {
              fixture.inTransaction(work);
              transactions.add("committed");
            });

    own.commit(chain.blocks().get(0), chain.built().get(0).execution(), List.of(), Set.of());

    assertThat(transactions).containsExactly("committed");
    try (Connection c = fixture.jdbc()) {
      var rs = c.createStatement().executeQuery("select count(*) from JLEDGER_BLOCK");
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(1);
    }
  }

  @Test
  void theStoredChainReplays() {
    commitChain();
    assertThat(replay().isOk()).isTrue();
  }

  @Test
  void anAlteredStateRowIsFoundAtItsHeight() throws Exception {
    commitChain();
    try (Connection c = fixture.jdbc()) {
      var rs =
          c.createStatement()
              .executeQuery("select CHANGES_UTF8 from JLEDGER_CHANGES where HEIGHT = 1");
      rs.next();
      String changes = new String(rs.getBytes(1), StandardCharsets.UTF_8);
      String altered = changes.replaceFirst("\"balance\":\\d+", "\"balance\":1000000");
      assertThat(altered).isNotEqualTo(changes);
      var ps = c.prepareStatement("update JLEDGER_CHANGES set CHANGES_UTF8 = ? where HEIGHT = 1");
      ps.setBytes(1, altered.getBytes(StandardCharsets.UTF_8));
      assertThat(ps.executeUpdate()).isEqualTo(1);
    }
    assertThat(((Result.Refused<List<State>>) replay()).reason()).contains("at height 1");
  }

  @Test
  void anAlteredBlockRowIsFoundAtItsHeight() throws Exception {
    commitChain();
    try (Connection c = fixture.jdbc()) {
      var rs =
          c.createStatement().executeQuery("select JSON_UTF8 from JLEDGER_BLOCK where HEIGHT = 2");
      rs.next();
      String json =
          new String(rs.getBytes(1), StandardCharsets.UTF_8).replace("\"round\":0", "\"round\":1");
      var ps = c.prepareStatement("update JLEDGER_BLOCK set JSON_UTF8 = ? where HEIGHT = 2");
      ps.setBytes(1, json.getBytes(StandardCharsets.UTF_8));
      assertThat(ps.executeUpdate()).isEqualTo(1);
    }
    assertThat(((Result.Refused<List<State>>) replay()).reason()).contains("at height 2");
  }
}
