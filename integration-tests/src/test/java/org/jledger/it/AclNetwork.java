package org.jledger.it;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jledger.config.NetworkConfig;
import org.jledger.crypto.KeyFile;
import org.jledger.crypto.SigningKey;
import org.jledger.encoding.CanonicalJson;
import org.jledger.transaction.Transaction;

/**
 * {@code config/acl.yaml} as shipped, with the {@link GettingStartedNetwork} keys: Alice is its
 * admin, Bob holds the other account, and the getting-started validator signs (blocks every 0.3 s).
 */
final class AclNetwork {

  /** The balance model's canonical name (the config names it by its Plug alias). */
  static final String BALANCES = "demo.BalanceModel";

  static final NetworkConfig CONFIG = config();

  private AclNetwork() {}

  private static NetworkConfig config() {
    try {
      String yaml =
          Files.readString(Path.of("../config/acl.yaml"))
              .replace(
                  "19jpsGgLeUtQTV4FUided956EmcvDGEB12",
                  GettingStartedNetwork.ALICE.address().value())
              .replace(
                  "1JE1wQmtJiQtt4eXYWB3xNrbb3ji37GVCH", GettingStartedNetwork.BOB.address().value())
              .replace("PT1S", "PT0.3S");
      NetworkConfig plain = NetworkConfig.parse(yaml, "acl.yaml");
      Map<String, Map<String, JsonValue>> state = new LinkedHashMap<>(plain.initialState());
      state.put(
          NetworkConfig.VOTING_POWER_MODEL,
          Map.of(
              GettingStartedNetwork.VALIDATOR.address().value(),
              CanonicalJson.PROVIDER.createValue(100)));
      return plain.withInitialState(state);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes the genesis and the validator's key into a node folder. */
  static void writeInto(Path folder) throws IOException {
    Files.createDirectories(folder);
    Files.writeString(folder.resolve("genesis.yaml"), CONFIG.toYaml(), StandardCharsets.UTF_8);
    KeyFile.write(folder.resolve("node.key"), GettingStartedNetwork.VALIDATOR);
  }

  /** {@code author} sets the read ACL of the balances to {@code rules}, signed at {@code nonce}. */
  static JsonObject readAcl(SigningKey author, String rules, long nonce) {
    return sign(
        CanonicalJson.PROVIDER
            .createObjectBuilder()
            .add("fqdn", "plug.ext.acl.ACLReadTransform")
            .add("author", author.address().value())
            .add("model", BALANCES)
            .add("rules", CanonicalJson.parseObject(rules))
            .build(),
        author,
        nonce);
  }

  /** {@code from} sends {@code to} {@code amount}, signed at {@code nonce}. */
  static JsonObject transfer(SigningKey from, SigningKey to, long amount, long nonce) {
    return sign(GettingStartedNetwork.transferTransform(from, to, amount), from, nonce);
  }

  private static JsonObject sign(JsonObject transform, SigningKey signer, long nonce) {
    return Transaction.sign(
            transform, CONFIG.networkId(), List.of(signer), Map.of(signer.address(), nonce))
        .toJson();
  }
}
