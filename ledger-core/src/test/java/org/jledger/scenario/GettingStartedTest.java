package org.jledger.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jledger.Result;
import org.jledger.chain.Block;
import org.jledger.chain.BlockBuilder;
import org.jledger.chain.BlockVerifier;
import org.jledger.chain.ChainParameters;
import org.jledger.config.Genesis;
import org.jledger.config.NetworkConfig;
import org.jledger.consensus.CommitCertificate;
import org.jledger.consensus.Signed;
import org.jledger.consensus.VotePayload;
import org.jledger.crypto.Address;
import org.jledger.crypto.SigningKey;
import org.jledger.dapp.DAppRegistry;
import org.jledger.dapp.DApps;
import org.jledger.encoding.CanonicalJson;
import org.jledger.encoding.Timestamps;
import org.jledger.state.State;
import org.jledger.state.StateKey;
import org.jledger.state.StateProof;
import org.jledger.transaction.Admission;
import org.jledger.transaction.Admitted;
import org.jledger.transaction.Execution;
import org.jledger.transaction.Transaction;
import org.junit.jupiter.api.Test;

/**
 * The getting-started walkthrough of the Plug documentation (sections 1.3 and 1.4), without any
 * server: genesis from its {@code node.yaml} with generated keys, a signed {@code BalanceTransfer},
 * a block with its certificate, and State 1 with balances 90 and 110; then the refusals a client
 * can run into.
 */
class GettingStartedTest {

  private static final String BALANCES = "demo.BalanceModel";
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

  private final SigningKey alice = SigningKey.fromHex("11".repeat(32));
  private final SigningKey bob = SigningKey.fromHex("22".repeat(32));
  private final SigningKey validator = SigningKey.fromHex("33".repeat(32));
  private final NetworkConfig config = gettingStartedWithKeys();
  private final DApps dapps =
      DAppRegistry.load(getClass().getClassLoader()).select(config.models(), config.transforms());
  private final State genesis = Genesis.state(config, dapps, "node.yaml");
  private final ChainParameters parameters = ChainParameters.of(config);
  private final Admission admission = new Admission(config.networkId(), config.quorum(), dapps);
  private final Execution execution = new Execution(dapps, config.quorum());

  /** Plug's node.yaml with its two accounts and one validator replaced by generated keys. */
  private NetworkConfig gettingStartedWithKeys() {
    try {
      String yaml =
          Files.readString(Path.of("../config/node.yaml"))
              .replace("19jpsGgLeUtQTV4FUided956EmcvDGEB12", alice.address().value())
              .replace("1JE1wQmtJiQtt4eXYWB3xNrbb3ji37GVCH", bob.address().value());
      NetworkConfig plain = NetworkConfig.parse(yaml, "node.yaml");
      Map<String, Map<String, JsonValue>> state = new LinkedHashMap<>(plain.initialState());
      state.put(
          "plug.model.VotingPowerModel",
          Map.of(validator.address().value(), CanonicalJson.PROVIDER.createValue(100)));
      return plain.withInitialState(state);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private JsonObject transfer(String fqdn, Address from, Address to, long amount) {
    return CanonicalJson.PROVIDER
        .createObjectBuilder()
        .add("fqdn", fqdn)
        .add("sender", from.value())
        .add("receiver", to.value())
        .add("amount", amount)
        .build();
  }

  private Transaction signedTransfer(long amount, long nonce) {
    return Transaction.sign(
        transfer("plug_demo.balance.BalanceTransfer", alice.address(), bob.address(), amount),
        config.networkId(),
        List.of(alice),
        Map.of(alice.address(), nonce));
  }

  private static JsonValue balance(long amount) {
    return CanonicalJson.parse("{\"balance\":" + amount + "}");
  }

  @Test
  void aTransferIsAdmittedBlockedCertifiedAndProved() {
    assertThat(genesis.height()).isZero();
    assertThat(genesis.get(BALANCES, alice.address().value())).contains(balance(100));

    Transaction tx = signedTransfer(10, 0);
    Result<Admitted> admitted = admission.check(tx, genesis);
    assertThat(admitted.isOk()).as("%s", admitted).isTrue();
    assertThat(admitted.value().ready()).isTrue();

    BlockBuilder.Built built =
        new BlockBuilder(parameters, execution)
            .build(
                genesis, null, List.of(), List.of(admitted.value()), validator.address(), 0, NOW);
    assertThat(built.skipped()).isEmpty();
    Block block = built.block();
    State state1 = built.resultState();
    assertThat(block.transactions()).containsExactly(tx);
    assertThat(block.header().stateHash()).isEqualTo(genesis.hash());
    assertThat(block.header().resultStateHash()).isEqualTo(state1.hash());
    assertThat(state1.height()).isEqualTo(1);
    assertThat(state1.get(BALANCES, alice.address().value())).contains(balance(90));
    assertThat(state1.get(BALANCES, bob.address().value())).contains(balance(110));
    assertThat(state1.get("plug.model.NonceModel", alice.address().value()))
        .contains(CanonicalJson.PROVIDER.createValue(1));
    // State 0 is unchanged: states are values
    assertThat(genesis.get(BALANCES, alice.address().value())).contains(balance(100));

    // the validator commits it, and the certificate holds
    Signed<VotePayload> commit =
        Signed.sign(
            new VotePayload(
                VotePayload.Phase.COMMIT,
                config.networkId(),
                0,
                0,
                block.hash(),
                Timestamps.format(NOW)),
            validator);
    Block committed = block.withCommits(List.of(commit));
    BlockVerifier verifier = new BlockVerifier(parameters, admission, execution);
    assertThat(
            CommitCertificate.check(
                committed.commits(),
                config.networkId(),
                0,
                block.hash(),
                verifier.validators(genesis)))
        .isEqualTo(Result.ok(0L));

    // another node re-executes the block from its JSON and reaches the same state
    Block received =
        Block.fromJson(CanonicalJson.parse(CanonicalJson.toCanonicalString(committed.toJson())));
    Result<State> replayed = verifier.verify(received, genesis, null, null);
    assertThat(replayed.isOk()).as("%s", replayed).isTrue();
    assertThat(replayed.value().hash()).isEqualTo(state1.hash());

    // a client checks bob's balance at State 1 against the certified result_state_hash
    StateProof proof = state1.prove(BALANCES, bob.address().value());
    assertThat(
            State.hashOf(
                state1.height(),
                config.networkId(),
                state1.previousBlockHash(),
                proof.computeRoot()))
        .isEqualTo(block.header().resultStateHash());
    assertThat(
            proof.verify(
                state1.root(), new StateKey(BALANCES, bob.address().value()), balance(110)))
        .isTrue();
    assertThat(
            proof.verify(
                state1.root(), new StateKey(BALANCES, bob.address().value()), balance(111)))
        .isFalse();
  }

  private void assertRefused(Transaction tx, State state, String code) {
    Result<Admitted> result = admission.check(tx, state);
    assertThat(result).as("%s", result).isInstanceOf(Result.Refused.class);
    assertThat(((Result.Refused<Admitted>) result).code()).isEqualTo(code);
  }

  @Test
  void aBadSignatureIsRefused() {
    String json = CanonicalJson.toCanonicalString(signedTransfer(10, 0).toJson());
    int at = json.indexOf("\"signature\":\"") + 13;
    char c = json.charAt(at);
    String tampered = json.substring(0, at) + (c == 'a' ? 'b' : 'a') + json.substring(at + 1);
    assertRefused(Transaction.parse(tampered), genesis, "invalid_signature");
  }

  @Test
  void aTransactionSignedForAnotherNetworkIsRefused() {
    Transaction tx =
        Transaction.sign(
            transfer("demo.BalanceTransfer", alice.address(), bob.address(), 10),
            "another-network",
            List.of(alice),
            Map.of());
    assertRefused(tx, genesis, "invalid_challenge");
  }

  @Test
  void aReplayIsRefusedAsAStaleNonce() {
    Transaction tx = signedTransfer(10, 0);
    State state1 =
        new BlockBuilder(parameters, execution)
            .build(
                genesis,
                null,
                List.of(),
                List.of(admission.check(tx, genesis).value()),
                validator.address(),
                0,
                NOW)
            .resultState();
    assertRefused(tx, state1, "stale_nonce");
  }

  @Test
  void aFutureNonceWaitsInThePoolAndIsLeftOutOfTheBlock() {
    Transaction later = signedTransfer(10, 1);
    Admitted admitted = admission.check(later, genesis).value();
    assertThat(admitted.ready()).isFalse();
    BlockBuilder.Built built =
        new BlockBuilder(parameters, execution)
            .build(genesis, null, List.of(), List.of(admitted), validator.address(), 0, NOW);
    assertThat(built.block().transactions()).isEmpty();
    assertThat(built.skipped())
        .singleElement()
        .extracting(BlockBuilder.Skipped::code)
        .isEqualTo(Execution.NONCE_AHEAD);
  }

  @Test
  void anUnknownTransformIsRefused() {
    Transaction tx =
        Transaction.sign(
            transfer("demo.NoSuchTransform", alice.address(), bob.address(), 10),
            config.networkId(),
            List.of(alice),
            Map.of());
    assertRefused(tx, genesis, "unknown_transform");
  }

  @Test
  void aKnownTransformThatIsNotWhitelistedIsRefused() {
    JsonObject update =
        CanonicalJson.parseObject(
            "{\"fqdn\":\"demo.UpdatePerson\",\"person\":\""
                + alice.address()
                + "\",\"data\":{\"name\":\"Alice\"}}");
    Transaction tx = Transaction.sign(update, config.networkId(), List.of(alice), Map.of());
    assertRefused(tx, genesis, "transform_not_allowed");
  }

  @Test
  void aTransferBeyondTheBalanceIsRefused() {
    assertRefused(signedTransfer(101, 0), genesis, "insufficient_funds");
  }

  @Test
  void aTransferNotSignedByItsSenderIsRefused() {
    Transaction tx =
        Transaction.sign(
            transfer("demo.BalanceTransfer", alice.address(), bob.address(), 10),
            config.networkId(),
            List.of(bob),
            Map.of());
    assertRefused(tx, genesis, "missing_proof");
  }

  @Test
  void aBlockWhoseClaimedStateIsWrongIsRefusedByVerifiers() {
    Transaction tx = signedTransfer(10, 0);
    BlockBuilder.Built built =
        new BlockBuilder(parameters, execution)
            .build(
                genesis,
                null,
                List.of(),
                List.of(admission.check(tx, genesis).value()),
                validator.address(),
                0,
                NOW);
    var h = built.block().header();
    var forged =
        new Block(
            new org.jledger.chain.BlockHeader(
                h.networkId(),
                h.height(),
                h.round(),
                h.stateHash(),
                genesis.hash(),
                h.timestamp(),
                h.proposer(),
                h.transactionsRoot(),
                h.previousCommitsRoot()),
            built.block().transactions(),
            List.of(),
            List.of());
    Result<State> result =
        new BlockVerifier(parameters, admission, execution).verify(forged, genesis, null, null);
    assertThat(result).isInstanceOf(Result.Refused.class);
    assertThat(((Result.Refused<State>) result).reason()).contains("not the claimed");
  }

  @Test
  void aTransformThatTouchesAKeyItDidNotDeclareIsRefused() {
    // toy.Sneak (a test DApp) declares one key of toy.CounterModel and reads another
    DApps withToy =
        DAppRegistry.load(getClass().getClassLoader())
            .select(List.of("toy.CounterModel"), List.of("toy.Sneak"));
    JsonObject sneak =
        CanonicalJson.parseObject(
            "{\"fqdn\":\"toy.Sneak\",\"declared\":\"mine\",\"other\":\"yours\","
                + "\"other_model\":false}");
    Transaction tx = Transaction.sign(sneak, config.networkId(), List.of(alice), Map.of());
    Result<Admitted> result =
        new Admission(config.networkId(), config.quorum(), withToy).check(tx, genesis);
    assertThat(result).isInstanceOf(Result.Refused.class);
    assertThat(((Result.Refused<Admitted>) result).code()).isEqualTo("undeclared_access");
  }

  @Test
  void aBlockHoldsAtMostMaxBlockSizeTransactionsAndTheRestStayPending() {
    ChainParameters two = new ChainParameters(config.networkId(), 51, 2, 100);
    List<Admitted> pool =
        List.of(
            admission.check(signedTransfer(1, 0), genesis).value(),
            admission.check(signedTransfer(1, 1), genesis).value(),
            admission.check(signedTransfer(1, 2), genesis).value());
    BlockBuilder.Built built =
        new BlockBuilder(two, execution)
            .build(genesis, null, List.of(), pool, validator.address(), 0, NOW);
    assertThat(built.block().transactions()).hasSize(2);
    assertThat(built.resultState().get(BALANCES, bob.address().value())).contains(balance(102));
  }

  @Test
  void aChainOfBlocksLinksStatesAndCertificates() {
    BlockBuilder builder = new BlockBuilder(parameters, execution);
    BlockVerifier verifier = new BlockVerifier(parameters, admission, execution);
    State state = genesis;
    Block previous = null;
    State previousState = null;
    for (int h = 0; h < 3; h++) {
      Admitted tx = admission.check(signedTransfer(5, h), state).value();
      List<Signed<VotePayload>> previousCommits = previous == null ? List.of() : previous.commits();
      BlockBuilder.Built built =
          builder.build(
              state,
              previous == null ? null : previous.hash(),
              previousCommits,
              List.of(tx),
              validator.address(),
              0,
              NOW.plusSeconds(h));
      Result<State> checked =
          verifier.verify(
              built.block(),
              state,
              previous == null ? null : previous.hash(),
              previousState == null ? null : verifier.validators(previousState));
      assertThat(checked.isOk()).as("block %d: %s", h, checked).isTrue();
      assertThat(checked.value().hash()).isEqualTo(built.resultState().hash());
      assertThat(built.resultState().previousBlockHash())
          .isEqualTo(previous == null ? org.jledger.encoding.Hash.ZERO : previous.hash());
      Signed<VotePayload> commit =
          Signed.sign(
              new VotePayload(
                  VotePayload.Phase.COMMIT,
                  config.networkId(),
                  h,
                  0,
                  built.block().hash(),
                  Timestamps.format(NOW)),
              validator);
      previous = built.block().withCommits(List.of(commit));
      previousState = state;
      state = built.resultState();
    }
    assertThat(state.height()).isEqualTo(3);
    assertThat(state.get(BALANCES, bob.address().value())).contains(balance(115));

    // a block whose previous_commits do not certify its predecessor is refused
    Admitted tx = admission.check(signedTransfer(5, 3), state).value();
    SigningKey stranger = SigningKey.fromHex("44".repeat(32));
    Signed<VotePayload> forged =
        Signed.sign(
            new VotePayload(
                VotePayload.Phase.COMMIT,
                config.networkId(),
                2,
                0,
                previous.hash(),
                Timestamps.format(NOW)),
            stranger);
    BlockBuilder.Built bad =
        builder.build(
            state, previous.hash(), List.of(forged), List.of(tx), validator.address(), 0, NOW);
    Result<State> refused =
        verifier.verify(bad.block(), state, previous.hash(), verifier.validators(previousState));
    assertThat(refused).isInstanceOf(Result.Refused.class);
    assertThat(((Result.Refused<State>) refused).reason()).contains("not a validator");
  }

  @Test
  void aTransferToAKeyLongerThanAStoreKeepsIsNeverApplied() {
    // toy.Increment (a test DApp) writes the counter it is given; a 513-character key must not
    // reach a block, whose store could not keep it
    DApps withToy =
        DAppRegistry.load(getClass().getClassLoader())
            .select(List.of("toy.CounterModel"), List.of("toy.Increment"));
    JsonObject increment =
        CanonicalJson.parseObject(
            "{\"fqdn\":\"toy.Increment\",\"counter\":\"" + "k".repeat(513) + "\"}");
    Transaction tx = Transaction.sign(increment, config.networkId(), List.of(alice), Map.of());
    Result<Admitted> admitted =
        new Admission(config.networkId(), config.quorum(), withToy).check(tx, genesis);
    assertThat(admitted.isOk()).as("%s", admitted).isTrue();
    var writes =
        new Execution(withToy, config.quorum()).apply(tx, admitted.value().transform(), genesis);
    assertThat(writes).isInstanceOf(Result.Refused.class);
    assertThat(((Result.Refused<?>) writes).code()).isEqualTo("key_too_long");
  }
}
