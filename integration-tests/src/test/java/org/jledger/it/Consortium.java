package org.jledger.it;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jledger.config.NetworkConfig;
import org.jledger.crypto.KeyFile;
import org.jledger.crypto.SigningKey;
import org.jledger.encoding.CanonicalJson;
import org.jledger.encoding.Hash;
import org.jledger.transaction.Transaction;

/**
 * A consortium of {@code validators} equal validators (100 voting power each) with a Byzantine
 * quorum of 67, built on the getting-started network: Alice and Bob as there, plus {@code
 * LOAD_ACCOUNTS} funded accounts that steady load is signed with, so it is not serialised on one
 * nonce.
 */
final class Consortium {

  static final int LOAD_ACCOUNTS = 8;
  static final long LOAD_BALANCE = 1_000_000;

  final int validators;
  final NetworkConfig config;
  final List<SigningKey> loadAccounts = new ArrayList<>();

  Consortium(int validators) {
    this.validators = validators;
    for (int i = 0; i < LOAD_ACCOUNTS; i++) {
      loadAccounts.add(key("load " + i));
    }
    Map<String, JsonValue> power = new TreeMap<>();
    for (int i = 0; i < validators; i++) {
      power.put(validator(i).address().value(), CanonicalJson.PROVIDER.createValue(100));
    }
    Map<String, Map<String, JsonValue>> state =
        new LinkedHashMap<>(GettingStartedNetwork.CONFIG.initialState());
    // the getting-started YAML names the model by its Plug alias
    String balanceModel = "plug_demo.balance.BalanceModel";
    Map<String, JsonValue> balances = new TreeMap<>(state.get(balanceModel));
    for (SigningKey a : loadAccounts) {
      balances.put(a.address().value(), CanonicalJson.parse("{\"balance\":" + LOAD_BALANCE + "}"));
    }
    state.put(balanceModel, balances);
    state.put(NetworkConfig.VOTING_POWER_MODEL, power);
    NetworkConfig byzantine =
        NetworkConfig.parse(
            GettingStartedNetwork.CONFIG
                .toYaml()
                .replace("quorum: 51", "quorum: 67")
                .replace("refresh_window: PT5S", "refresh_window: PT1S"),
            "consortium.yaml");
    this.config = byzantine.withInitialState(state);
    if (config.quorum() != 67 || !config.refreshWindow().equals(Duration.ofSeconds(1))) {
      throw new IllegalStateException("the consortium's quorum or refresh window did not change");
    }
  }

  static SigningKey key(String name) {
    return SigningKey.fromSeed(
        Hash.sha256(("it/" + name).getBytes(StandardCharsets.UTF_8)).toBytes());
  }

  /** Validator {@code i}'s key (the same keys as {@link GettingStartedNetwork#validator}). */
  static SigningKey validator(int i) {
    return GettingStartedNetwork.validator(i);
  }

  /** The key of the node that starts as an observer. */
  static SigningKey observer() {
    return key("observer");
  }

  /** Writes a node folder: the shared genesis, and the key (none makes a keyless observer). */
  void writeNode(Path folder, SigningKey key) throws IOException {
    Files.createDirectories(folder);
    Files.writeString(folder.resolve("genesis.yaml"), config.toYaml());
    if (key != null) {
      KeyFile.write(folder.resolve("node.key"), key);
    }
  }

  Transaction transfer(SigningKey from, SigningKey to, long amount, long nonce) {
    return sign(
        from,
        nonce,
        CanonicalJson.PROVIDER
            .createObjectBuilder()
            .add("fqdn", "demo.BalanceTransfer")
            .add("sender", from.address().value())
            .add("receiver", to.address().value())
            .add("amount", amount)
            .build());
  }

  /** A validator's approval of the validator-set change {@code proposal}. */
  Transaction approve(SigningKey validator, long nonce, String proposal, Map<SigningKey, Long> to) {
    JsonObjectBuilder changes = CanonicalJson.PROVIDER.createObjectBuilder();
    to.forEach((k, power) -> changes.add(k.address().value(), power));
    return sign(
        validator,
        nonce,
        CanonicalJson.PROVIDER
            .createObjectBuilder()
            .add("fqdn", "plug.transform.ValidatorSetChange")
            .add("validator", validator.address().value())
            .add("proposal", proposal)
            .add("changes", changes)
            .build());
  }

  private Transaction sign(SigningKey signer, long nonce, JsonObject transform) {
    return Transaction.sign(
        transform, config.networkId(), List.of(signer), Map.of(signer.address(), nonce));
  }
}
