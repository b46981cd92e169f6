package org.jledger.support;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jledger.chain.Block;
import org.jledger.chain.BlockBuilder;
import org.jledger.chain.BlockVerifier;
import org.jledger.chain.ChainParameters;
import org.jledger.config.Genesis;
import org.jledger.config.NetworkConfig;
import org.jledger.consensus.Signed;
import org.jledger.consensus.VotePayload;
import org.jledger.crypto.Address;
import org.jledger.crypto.SigningKey;
import org.jledger.dapp.DAppRegistry;
import org.jledger.dapp.DApps;
import org.jledger.encoding.CanonicalJson;
import org.jledger.encoding.Timestamps;
import org.jledger.state.State;
import org.jledger.transaction.Admission;
import org.jledger.transaction.Admitted;
import org.jledger.transaction.Execution;
import org.jledger.transaction.Transaction;

/**
 * A small demo network for tests: funded accounts with deterministic keys, validators with equal
 * (or given) voting power, and helpers to sign transfers and to commit blocks with real
 * certificates.
 */
public final class TestNetwork {

  public static final String NETWORK_ID = "test-network";
  public static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");

  public final List<SigningKey> accounts = new ArrayList<>();
  public final List<SigningKey> validators = new ArrayList<>();
  public final NetworkConfig config;
  public final DApps dapps;
  public final State genesis;
  public final ChainParameters parameters;
  public final Admission admission;
  public final Execution execution;
  public final BlockBuilder builder;
  public final BlockVerifier verifier;
  private final Map<Integer, List<Transaction>> workloads =
      new java.util.concurrent.ConcurrentHashMap<>();

  public TestNetwork(int accountCount, long balance, int validatorCount, int quorum) {
    this(accountCount, balance, java.util.Collections.nCopies(validatorCount, 100L), quorum);
  }

  /** A network whose validator {@code i} has voting power {@code power.get(i)}. */
  public TestNetwork(int accountCount, long balance, List<Long> power, int quorum) {
    for (int i = 0; i < accountCount; i++) {
      accounts.add(key("acc", i));
    }
    for (int i = 0; i < power.size(); i++) {
      validators.add(key("val", i));
    }
    Map<String, JsonValue> balances = new TreeMap<>();
    for (SigningKey a : accounts) {
      balances.put(a.address().value(), CanonicalJson.parse("{\"balance\":" + balance + "}"));
    }
    Map<String, JsonValue> votingPower = new TreeMap<>();
    for (int i = 0; i < validators.size(); i++) {
      votingPower.put(
          validators.get(i).address().value(), CanonicalJson.PROVIDER.createValue(power.get(i)));
    }
    Map<String, Map<String, JsonValue>> state = new LinkedHashMap<>();
    state.put("demo.BalanceModel", balances);
    state.put("plug.model.VotingPowerModel", votingPower);
    config =
        new NetworkConfig(
            NETWORK_ID,
            java.time.Duration.ofSeconds(1),
            NetworkConfig.VOTING_POWER_MODEL,
            100,
            quorum,
            NetworkConfig.DEFAULT_PENDING_TTL,
            List.of(),
            List.of("demo.BalanceModel"),
            List.of("demo.BalanceTransfer"),
            state);
    dapps =
        DAppRegistry.load(TestNetwork.class.getClassLoader())
            .select(config.models(), config.transforms());
    genesis = Genesis.state(config, dapps, "test.yaml");
    parameters = ChainParameters.of(config);
    admission = new Admission(NETWORK_ID, quorum, dapps);
    execution = new Execution(dapps, quorum);
    builder = new BlockBuilder(parameters, execution);
    verifier = new BlockVerifier(parameters, admission, execution);
  }

  /** A deterministic key: SHA-256 of a label and an index as the seed. */
  public static SigningKey key(String label, int i) {
    return SigningKey.fromSeed(
        org.jledger.encoding.Hash.sha256((label + "/" + i).getBytes()).toBytes());
  }

  /**
   * The first {@code count} transfers of a round-robin workload (transfer {@code t} sends 1 from
   * account {@code t % n} to the next, with nonce {@code t / n}), signed once per network and
   * count: a simulation replays the same workload for thousands of seeds, and signing it anew each
   * time was a noticeable share of the run.
   */
  public List<Transaction> transfers(int count) {
    return workloads.computeIfAbsent(
        count,
        c -> {
          List<Transaction> txs = new ArrayList<>();
          for (int t = 0; t < c; t++) {
            int from = t % accounts.size();
            txs.add(transfer(from, (from + 1) % accounts.size(), 1, t / accounts.size()));
          }
          return List.copyOf(txs);
        });
  }

  public Transaction transfer(int from, int to, long amount, long nonce) {
    JsonObject transform =
        CanonicalJson.PROVIDER
            .createObjectBuilder()
            .add("fqdn", "demo.BalanceTransfer")
            .add("sender", accounts.get(from).address().value())
            .add("receiver", accounts.get(to).address().value())
            .add("amount", amount)
            .build();
    SigningKey signer = accounts.get(from);
    return Transaction.sign(
        transform, NETWORK_ID, List.of(signer), Map.of(signer.address(), nonce));
  }

  public Admitted admitted(Transaction tx, State state) {
    return admission.check(tx, state).value();
  }

  /** Commit messages of every validator for {@code block}. */
  public List<Signed<VotePayload>> certificate(Block block) {
    List<Signed<VotePayload>> commits = new ArrayList<>();
    for (SigningKey v : validators) {
      commits.add(
          Signed.sign(
              new VotePayload(
                  VotePayload.Phase.COMMIT,
                  NETWORK_ID,
                  block.height(),
                  block.header().round(),
                  block.hash(),
                  Timestamps.format(T0)),
              v));
    }
    return commits;
  }

  /** A committed chain: each block a transfer from account 0 to 1 of 1, with certificates. */
  public record Chain(List<Block> blocks, List<BlockBuilder.Built> built, List<State> states) {}

  public Chain chain(int length) {
    return chain(length, 1);
  }

  /**
   * A chain of {@code length} blocks of {@code width} transfers each (from accounts 0 to {@code
   * width - 1}, one each, at most the number of accounts).
   */
  public Chain chain(int length, int width) {
    List<Block> blocks = new ArrayList<>();
    List<BlockBuilder.Built> built = new ArrayList<>();
    List<State> states = new ArrayList<>(List.of(genesis));
    State state = genesis;
    Block previous = null;
    for (int h = 0; h < length; h++) {
      BlockBuilder.Built b =
          builder.build(
              state,
              previous == null ? null : previous.hash(),
              previous == null ? List.of() : previous.commits(),
              admittedTransfers(width, h, state),
              Address.of(validators.get(0).verifyingKey()),
              0,
              T0.plusSeconds(h));
      Block committed = b.block().withCommits(certificate(b.block()));
      blocks.add(committed);
      built.add(b);
      state = b.resultState();
      states.add(state);
      previous = committed;
    }
    return new Chain(blocks, built, states);
  }

  private List<Admitted> admittedTransfers(int width, long nonce, State state) {
    List<Admitted> out = new ArrayList<>();
    for (int from = 0; from < width; from++) {
      out.add(admitted(transfer(from, (from + 1) % accounts.size(), 1, nonce), state));
    }
    return out;
  }
}
