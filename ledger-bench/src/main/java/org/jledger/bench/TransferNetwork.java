package org.jledger.bench;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jledger.Result;
import org.jledger.config.Genesis;
import org.jledger.config.NetworkConfig;
import org.jledger.crypto.SigningKey;
import org.jledger.dapp.DAppRegistry;
import org.jledger.dapp.DApps;
import org.jledger.dapp.demo.BalanceModel;
import org.jledger.dapp.demo.BalanceTransfer;
import org.jledger.encoding.CanonicalJson;
import org.jledger.encoding.Hash;
import org.jledger.state.State;
import org.jledger.transaction.Admission;
import org.jledger.transaction.Admitted;
import org.jledger.transaction.Transaction;

/**
 * A one-validator network whose genesis funds {@code accounts} accounts, with one pre-signed {@code
 * demo.BalanceTransfer} from each (at nonce 0, to the next account), every one of which the genesis
 * state admits as ready. Keys are derived from names, so every run signs the same transactions.
 */
final class TransferNetwork {

  static final String NETWORK_ID = "jledger-bench";
  private static final long INITIAL_BALANCE = 1_000_000;

  final State genesis;
  final Admission admission;
  final Transaction[] transactions;

  TransferNetwork(int accounts) {
    SigningKey[] keys = new SigningKey[accounts];
    Map<String, JsonValue> balances = new TreeMap<>();
    for (int i = 0; i < accounts; i++) {
      keys[i] = key("account " + i);
      balances.put(keys[i].address().value(), BalanceModel.of(INITIAL_BALANCE));
    }
    SigningKey validator = key("validator");
    NetworkConfig config =
        new NetworkConfig(
            NETWORK_ID,
            Duration.ofSeconds(5),
            NetworkConfig.VOTING_POWER_MODEL,
            100,
            51,
            NetworkConfig.DEFAULT_PENDING_TTL,
            List.of(),
            List.of(BalanceModel.FQDN),
            List.of("demo.BalanceTransfer"),
            Map.of(
                BalanceModel.FQDN,
                balances,
                NetworkConfig.VOTING_POWER_MODEL,
                Map.of(validator.address().value(), CanonicalJson.PROVIDER.createValue(100))));
    DApps dapps =
        DAppRegistry.load(TransferNetwork.class.getClassLoader())
            .select(config.models(), config.transforms());
    genesis = Genesis.state(config, dapps, "benchmark network");
    admission = new Admission(config.networkId(), config.quorum(), dapps);

    transactions = new Transaction[accounts];
    for (int i = 0; i < accounts; i++) {
      SigningKey sender = keys[i];
      JsonObject transfer =
          CanonicalJson.PROVIDER
              .createObjectBuilder()
              .add("fqdn", "demo.BalanceTransfer")
              .add("sender", sender.address().value())
              .add("receiver", keys[(i + 1) % accounts].address().value())
              .add("amount", 1 + i % 100)
              .build();
      transactions[i] =
          Transaction.sign(transfer, NETWORK_ID, List.of(sender), Map.of(sender.address(), 0L));
    }
  }

  /**
   * Admits a transaction against the genesis state, which must find it ready.
   *
   * @throws IllegalStateException if it does not
   */
  Admitted admit(Transaction tx) {
    Result<Admitted> admitted = admission.check(tx, genesis);
    if (!admitted.isOk()
        || !admitted.value().ready()
        || !(admitted.value().transform() instanceof BalanceTransfer)) {
      throw new IllegalStateException(tx + " is not admitted: " + admitted);
    }
    return admitted.value();
  }

  /** A deterministic key, so every run signs the same transactions. */
  private static SigningKey key(String name) {
    return SigningKey.fromSeed(
        Hash.sha256(("jledger-bench " + name).getBytes(StandardCharsets.UTF_8)).toBytes());
  }
}
