package org.jledger.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jledger.state.SparseMerkleTreeTest.hash;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.jledger.encoding.CanonicalJson;
import org.jledger.encoding.Hash;
import org.jledger.encoding.InvalidJsonException;
import org.jledger.support.Vectors;
import org.junit.jupiter.api.Test;

class StateTest {

  private static final String NETWORK = "7d3c1e52-5b8f-4c1a-9f0e-2a6b8c4d9e10";
  private static final String BALANCES = "demo.BalanceModel";
  private static final String NONCES = "plug.model.NonceModel";

  private static JsonValue json(String text) {
    return CanonicalJson.parse(text);
  }

  private static Map<StateKey, JsonValue> genesisEntries() {
    Map<StateKey, JsonValue> entries = new LinkedHashMap<>();
    entries.put(new StateKey(BALANCES, "1Bob"), json("{\"balance\":110}"));
    entries.put(new StateKey(BALANCES, "1Alice"), json("{\"balance\":90}"));
    entries.put(new StateKey("plug.model.VotingPowerModel", "1Validator"), json("100"));
    return entries;
  }

  @Test
  void reproducesTheStateHashVector() {
    JsonObject vector = null;
    for (JsonValue v : Vectors.all().getJsonArray("sparse_merkle")) {
      if (v.asJsonObject().containsKey("state_hash")) {
        vector = v.asJsonObject();
      }
    }
    assertThat(vector).isNotNull();
    JsonObject input = vector.getJsonObject("state_hash_input");
    Hash previous = Hash.fromHex(input.getString("previous_block_hash"), "previous");
    Hash root = Hash.fromHex(input.getString("state_root"), "root");
    String expected = vector.getString("state_hash");
    assertThat(
            State.hashOf(input.getInt("height"), input.getString("network_id"), previous, root)
                .hex())
        .isEqualTo(expected);

    Map<StateKey, JsonValue> entries = new HashMap<>();
    for (JsonValue e : vector.getJsonArray("entries")) {
      JsonObject entry = e.asJsonObject();
      entries.put(
          new StateKey(entry.getString("model"), entry.getString("key")), entry.get("value"));
    }
    State viaSuccessor = State.genesis(input.getString("network_id"), entries).successor(previous);
    assertThat(viaSuccessor.root()).isEqualTo(root);
    assertThat(viaSuccessor.hash().hex()).isEqualTo(expected);
    assertThat(viaSuccessor.header()).isEqualTo(input);
    State loaded = State.of(input.getString("network_id"), 1, previous, entries);
    assertThat(loaded.hash().hex()).isEqualTo(expected);
  }

  @Test
  void genesisIsHeightZeroWithANullPreviousBlockInItsHash() {
    State genesis = State.genesis(NETWORK, genesisEntries());
    assertThat(genesis.height()).isZero();
    assertThat(genesis.previousBlockHash()).isNull();
    assertThat(genesis.networkId()).isEqualTo(NETWORK);
    assertThat(genesis.size()).isEqualTo(3);
    assertThat(CanonicalJson.toCanonicalString(genesis.header()))
        .isEqualTo(
            "{\"height\":0,\"network_id\":\""
                + NETWORK
                + "\",\"previous_block_hash\":null,\"state_root\":\""
                + genesis.root().hex()
                + "\"}");
    assertThat(genesis.hash()).isEqualTo(CanonicalJson.digest(genesis.header()));
    assertThat(genesis.hash()).isEqualTo(State.hashOf(0, NETWORK, null, genesis.root()));
    assertThat(State.genesis("another-network", genesisEntries()).hash())
        .isNotEqualTo(genesis.hash());
    assertThat(State.genesis(NETWORK, Map.of()).root()).isEqualTo(Hash.ZERO);
  }

  @Test
  void getReturnsExactlyTheStoredValueAndEmptyForAbsentKeys() {
    State genesis = State.genesis(NETWORK, genesisEntries());
    assertThat(genesis.get(BALANCES, "1Alice")).contains(json("{\"balance\":90}"));
    assertThat(genesis.get(new StateKey(BALANCES, "1Bob"))).contains(json("{\"balance\":110}"));
    assertThat(genesis.get(BALANCES, "1Carol")).isEmpty();
    assertThat(genesis.get("no.such.Model", "1Alice")).isEmpty();
    StateView view = genesis;
    assertThat(view.get("plug.model.VotingPowerModel", "1Validator")).contains(json("100"));
  }

  @Test
  void writesStoreAndDeleteWithoutChangingTheOriginal() {
    State genesis = State.genesis(NETWORK, genesisEntries());
    Map<StateKey, Optional<JsonValue>> writes = new HashMap<>();
    writes.put(new StateKey(BALANCES, "1Alice"), Optional.of(json("{\"balance\":80}")));
    writes.put(new StateKey(BALANCES, "1Bob"), Optional.empty());
    writes.put(new StateKey(NONCES, "1Alice"), Optional.of(json("1")));
    State written = genesis.withWrites(writes);

    assertThat(written.height()).isEqualTo(genesis.height());
    assertThat(written.previousBlockHash()).isEqualTo(genesis.previousBlockHash());
    assertThat(written.get(BALANCES, "1Alice")).contains(json("{\"balance\":80}"));
    assertThat(written.get(BALANCES, "1Bob")).isEmpty();
    assertThat(written.get(NONCES, "1Alice")).contains(json("1"));
    assertThat(written.size()).isEqualTo(3);
    assertThat(written.hash()).isNotEqualTo(genesis.hash());

    // The original is untouched.
    assertThat(genesis.get(BALANCES, "1Alice")).contains(json("{\"balance\":90}"));
    assertThat(genesis.get(BALANCES, "1Bob")).contains(json("{\"balance\":110}"));
    assertThat(genesis.get(NONCES, "1Alice")).isEmpty();
    assertThat(genesis).isEqualTo(State.genesis(NETWORK, genesisEntries()));

    // Writing the old values back gives back the old root and hash.
    Map<StateKey, Optional<JsonValue>> undo = new HashMap<>();
    undo.put(new StateKey(BALANCES, "1Alice"), Optional.of(json("{\"balance\":90}")));
    undo.put(new StateKey(BALANCES, "1Bob"), Optional.of(json("{\"balance\":110}")));
    undo.put(new StateKey(NONCES, "1Alice"), Optional.empty());
    State undone = written.withWrites(undo);
    assertThat(undone.root()).isEqualTo(genesis.root());
    assertThat(undone.hash()).isEqualTo(genesis.hash());
    assertThat(undone).isEqualTo(genesis);
  }

  @Test
  void deletingAnAbsentKeyChangesNothing() {
    State genesis = State.genesis(NETWORK, genesisEntries());
    State same = genesis.withWrites(Map.of(new StateKey(BALANCES, "1Nobody"), Optional.empty()));
    assertThat(same.hash()).isEqualTo(genesis.hash());
    assertThat(same.models()).isEqualTo(genesis.models());
  }

  @Test
  void aNonCanonicalValueIsRefusedAndNothingIsWritten() {
    State genesis = State.genesis(NETWORK, genesisEntries());
    Map<StateKey, Optional<JsonValue>> writes = new LinkedHashMap<>();
    writes.put(new StateKey(BALANCES, "1Alice"), Optional.of(json("{\"balance\":1}")));
    writes.put(
        new StateKey(BALANCES, "1Bob"),
        Optional.of(CanonicalJson.PROVIDER.createObjectBuilder().add("balance", 1.5).build()));
    assertThatThrownBy(() -> genesis.withWrites(writes))
        .isInstanceOf(InvalidJsonException.class)
        .hasMessageContaining("demo.BalanceModel/1Bob");
    assertThat(genesis.get(BALANCES, "1Alice")).contains(json("{\"balance\":90}"));
    assertThatThrownBy(
            () ->
                State.genesis(
                    NETWORK,
                    Map.of(
                        new StateKey(BALANCES, "1X"),
                        CanonicalJson.PROVIDER.createValue(9_007_199_254_740_992L))))
        .isInstanceOf(InvalidJsonException.class);
  }

  @Test
  void successorsCountHeightsAndChainThePreviousBlock() {
    State genesis = State.genesis(NETWORK, genesisEntries());
    Hash block0 = hash("block 0");
    Hash block1 = hash("block 1");
    State one = genesis.successor(block0);
    State two =
        one.withWrites(Map.of(new StateKey(NONCES, "1Alice"), Optional.of(json("1"))))
            .successor(block1);

    assertThat(one.height()).isEqualTo(1);
    assertThat(one.previousBlockHash()).isEqualTo(block0);
    assertThat(one.root()).isEqualTo(genesis.root());
    assertThat(one.hash()).isNotEqualTo(genesis.hash());
    assertThat(one.hash()).isEqualTo(State.hashOf(1, NETWORK, block0, genesis.root()));
    assertThat(genesis.successor(block1).hash()).isNotEqualTo(one.hash());

    assertThat(two.height()).isEqualTo(2);
    assertThat(two.previousBlockHash()).isEqualTo(block1);
    assertThat(two.get(NONCES, "1Alice")).contains(json("1"));
    assertThat(one.get(NONCES, "1Alice")).isEmpty();
    assertThat(genesis.height()).isZero();
  }

  @Test
  void proofsOfPresentAndAbsentEntriesVerifyAgainstTheRoot() {
    State state =
        State.genesis(NETWORK, genesisEntries())
            .withWrites(Map.of(new StateKey(NONCES, "1Alice"), Optional.of(json("3"))));
    for (StateKey key :
        List.of(
            new StateKey(BALANCES, "1Alice"),
            new StateKey(BALANCES, "1Bob"),
            new StateKey(NONCES, "1Alice"),
            new StateKey(BALANCES, "1Carol"),
            new StateKey(NONCES, "1Bob"))) {
      JsonValue value = state.get(key).orElse(null);
      StateProof proof = StateProof.fromJson(state.prove(key.model(), key.key()).toJson());
      assertThat(proof.verify(state.root(), key, value)).as(key.toString()).isTrue();
      assertThat(proof.verify(state.root(), key, json("{\"balance\":0}"))).isFalse();
      assertThat(state.prove(key)).isEqualTo(proof);
    }
    // A proof from one state does not verify a changed entry against the next one.
    StateKey alice = new StateKey(BALANCES, "1Alice");
    State next = state.withWrites(Map.of(alice, Optional.of(json("{\"balance\":0}"))));
    assertThat(state.prove(alice).verify(next.root(), alice, json("{\"balance\":90}"))).isFalse();
    assertThat(next.prove(alice).verify(next.root(), alice, json("{\"balance\":0}"))).isTrue();
  }

  @Test
  void modelsAndEntriesAreSortedAndAModelDisappearsWithItsLastEntry() {
    State genesis = State.genesis(NETWORK, genesisEntries());
    assertThat(genesis.models()).containsExactly(BALANCES, "plug.model.VotingPowerModel");
    assertThat(genesis.entries(BALANCES).keySet()).containsExactly("1Alice", "1Bob");
    assertThat(genesis.entries("no.such.Model")).isEmpty();
    assertThatThrownBy(() -> genesis.entries(BALANCES).put("x", JsonValue.NULL))
        .isInstanceOf(UnsupportedOperationException.class);

    State withoutVotes =
        genesis.withWrites(
            Map.of(new StateKey("plug.model.VotingPowerModel", "1Validator"), Optional.empty()));
    assertThat(withoutVotes.models()).containsExactly(BALANCES);
    assertThat(withoutVotes.entries("plug.model.VotingPowerModel")).isEmpty();
  }

  @Test
  void toJsonIsTheApiFormWithAnOptionalModelFilter() {
    State genesis = State.genesis(NETWORK, genesisEntries());
    assertThat(CanonicalJson.toCanonicalString(genesis.toJson(null)))
        .isEqualTo(
            "{\"fqdn\":\"plug.consensus.State\",\"hash\":\""
                + genesis.hash().hex()
                + "\",\"height\":0,\"models\":{\"demo.BalanceModel\":{\"1Alice\":{\"balance\":90},"
                + "\"1Bob\":{\"balance\":110}},\"plug.model.VotingPowerModel\":{\"1Validator\":100}},"
                + "\"network_id\":\""
                + NETWORK
                + "\",\"previous_block_hash\":null}");
    JsonObject filtered = genesis.successor(hash("b")).toJson(Set.of(BALANCES, "no.such.Model"));
    assertThat(filtered.getJsonObject("models").keySet()).containsExactly(BALANCES);
    assertThat(filtered.getString("previous_block_hash")).isEqualTo(hash("b").hex());
    assertThat(filtered.getInt("height")).isEqualTo(1);
  }

  @Test
  void loadingAStateInOnePassGivesTheSameHashAsWritingItEntryByEntry() {
    SplittableRandom random = new SplittableRandom(3);
    State built = State.genesis(NETWORK, Map.of());
    Map<StateKey, JsonValue> all = new TreeMap<>();
    for (int i = 0; i < 300; i++) {
      StateKey key =
          new StateKey(random.nextBoolean() ? BALANCES : NONCES, "k" + random.nextInt(200));
      JsonValue value = CanonicalJson.PROVIDER.createValue(random.nextInt(1000));
      built = built.withWrites(Map.of(key, Optional.of(value)));
      all.put(key, value);
    }
    assertThat(State.genesis(NETWORK, all).hash()).isEqualTo(built.hash());
    assertThat(State.of(NETWORK, 0, null, all)).isEqualTo(built);
    assertThat(built.size()).isEqualTo(all.size());
    int counted = 0;
    for (String model : built.models()) {
      for (Map.Entry<String, JsonValue> e : built.entries(model).entrySet()) {
        assertThat(all.get(new StateKey(model, e.getKey()))).isEqualTo(e.getValue());
        counted++;
      }
    }
    assertThat(counted).isEqualTo(all.size());
  }

  @Test
  void malformedHeadersAreRefused() {
    assertThatThrownBy(() -> State.of(NETWORK, 0, hash("x"), Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> State.of(NETWORK, 1, null, Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> State.of(NETWORK, -1, hash("x"), Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> State.genesis("", Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> State.genesis(NETWORK, Map.of()).successor(null))
        .isInstanceOf(NullPointerException.class);
  }
}
