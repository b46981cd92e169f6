package org.jledger.chain;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonValue;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jledger.Result;
import org.jledger.encoding.CanonicalJson;
import org.jledger.state.State;
import org.jledger.state.StateKey;
import org.jledger.support.TestNetwork;
import org.junit.jupiter.api.Test;

class ChainReplayTest {

  private final TestNetwork net = new TestNetwork(2, 100, 2, 67);
  private final TestNetwork.Chain chain = net.chain(4);
  private final ChainReplay replay = new ChainReplay(net.verifier, 67);

  private InMemoryBlockStore stored() {
    InMemoryBlockStore store = new InMemoryBlockStore();
    for (int h = 0; h < chain.blocks().size(); h++) {
      store.commit(chain.blocks().get(h), chain.built().get(h).execution(), List.of(), Set.of());
    }
    return store;
  }

  @Test
  void anIntactChainReplaysToTheSameStates() {
    Result<List<State>> states = replay.replay(net.genesis, stored());
    assertThat(states.isOk()).as("%s", states).isTrue();
    assertThat(states.value())
        .extracting(State::hash)
        .containsExactlyElementsOf(chain.states().stream().map(State::hash).toList());
  }

  @Test
  void anEmptyStoreReplaysToGenesis() {
    assertThat(replay.replay(net.genesis, new InMemoryBlockStore()).value())
        .containsExactly(net.genesis);
  }

  @Test
  void alteredStoredStateIsFoundAtItsHeight() {
    InMemoryBlockStore store = stored();
    BlockStore altered =
        new DelegatingStore(store) {
          @Override
          public Map<StateKey, Optional<JsonValue>> changes(long height) {
            if (height != 2) {
              return store.changes(height);
            }
            var copy = new java.util.TreeMap<>(store.changes(height));
            copy.replaceAll(
                (k, v) ->
                    k.model().equals("demo.BalanceModel")
                        ? Optional.of(CanonicalJson.parse("{\"balance\":1000000}"))
                        : v);
            return copy;
          }
        };
    assertRefusedAt(altered, 2, "state changes");
  }

  @Test
  void aBlockWithoutAValidCertificateIsFoundAtItsHeight() {
    InMemoryBlockStore store = stored();
    BlockStore altered =
        new DelegatingStore(store) {
          @Override
          public Optional<Block> block(long height) {
            Block b = store.block(height).orElseThrow();
            return Optional.of(height == 3 ? b.withCommits(List.of()) : b);
          }
        };
    assertRefusedAt(altered, 3, "certificate");
  }

  @Test
  void aStoredChainOfAnotherGenesisIsRefusedAtHeightZero() {
    TestNetwork other = new TestNetwork(2, 99, 2, 67);
    assertRefusedAt(stored(), 0, "not built on", other);
  }

  private void assertRefusedAt(BlockStore store, long height, String reason) {
    assertRefusedAt(store, height, reason, net);
  }

  private void assertRefusedAt(BlockStore store, long height, String reason, TestNetwork on) {
    Result<List<State>> result = new ChainReplay(on.verifier, 67).replay(on.genesis, store);
    assertThat(result).isInstanceOf(Result.Refused.class);
    assertThat(((Result.Refused<List<State>>) result).reason())
        .contains("at height " + height)
        .contains(reason);
  }

  /** A store that answers from another one, for tampering in tests. */
  private static class DelegatingStore implements BlockStore {
    private final BlockStore d;

    DelegatingStore(BlockStore d) {
      this.d = d;
    }

    @Override
    public long height() {
      return d.height();
    }

    @Override
    public List<Block> blocks(long fromHeight, int limit) {
      return d.blocks(fromHeight, limit);
    }

    @Override
    public Optional<Block> block(long height) {
      return d.block(height);
    }

    @Override
    public Optional<Block> block(org.jledger.encoding.Hash hash) {
      return d.block(hash);
    }

    @Override
    public void commit(
        Block block,
        BlockExecution execution,
        List<org.jledger.transaction.TransactionRecord> rejected,
        java.util.Set<org.jledger.encoding.Hash> storedHere) {
      d.commit(block, execution, rejected, storedHere);
    }

    @Override
    public Map<StateKey, Optional<JsonValue>> changes(long height) {
      return d.changes(height);
    }

    @Override
    public boolean savePending(
        org.jledger.transaction.Transaction transaction, long arrivedAtHeight) {
      return d.savePending(transaction, arrivedAtHeight);
    }

    @Override
    public void saveRejected(org.jledger.transaction.TransactionRecord rejected) {
      d.saveRejected(rejected);
    }

    @Override
    public List<Pending> pending() {
      return d.pending();
    }

    @Override
    public Optional<org.jledger.transaction.TransactionRecord> transaction(
        org.jledger.encoding.Hash hash) {
      return d.transaction(hash);
    }
  }
}
