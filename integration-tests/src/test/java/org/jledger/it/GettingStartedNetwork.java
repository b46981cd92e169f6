package org.jledger.it;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
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
import org.jledger.encoding.Hash;
import org.jledger.transaction.Transaction;

/**
 * The Plug getting-started network ({@code config/node.yaml} as shipped) with known keys: Alice and
 * Bob hold its two accounts of 100, and one validator signs the blocks. Written into a node folder
 * as {@code genesis.yaml} and {@code node.key}, as {@code jledger new} does.
 */
final class GettingStartedNetwork {

  static final SigningKey ALICE = key("alice");
  static final SigningKey BOB = key("bob");
  static final SigningKey VALIDATOR = key("validator");
  static final NetworkConfig CONFIG = config();

  private GettingStartedNetwork() {}

  private static SigningKey key(String name) {
    return SigningKey.fromSeed(
        Hash.sha256(("it/" + name).getBytes(StandardCharsets.UTF_8)).toBytes());
  }

  private static NetworkConfig config() {
    try {
      String yaml =
          Files.readString(Path.of("../config/node.yaml"))
              .replace("19jpsGgLeUtQTV4FUided956EmcvDGEB12", ALICE.address().value())
              .replace("1JE1wQmtJiQtt4eXYWB3xNrbb3ji37GVCH", BOB.address().value());
      NetworkConfig plain = NetworkConfig.parse(yaml, "node.yaml");
      Map<String, Map<String, JsonValue>> state = new LinkedHashMap<>(plain.initialState());
      state.put(
          NetworkConfig.VOTING_POWER_MODEL,
          Map.of(VALIDATOR.address().value(), CanonicalJson.PROVIDER.createValue(100)));
      return plain.withInitialState(state);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Writes the genesis and the validator's key into a node folder. */
  static void writeInto(Path folder) throws IOException {
    Files.createDirectories(folder);
    Files.writeString(folder.resolve("genesis.yaml"), CONFIG.toYaml());
    KeyFile.write(folder.resolve("node.key"), VALIDATOR);
  }

  /** Validator {@code i} of a network of several. */
  static SigningKey validator(int i) {
    return key("validator " + i);
  }

  /**
   * Writes node {@code index} of a network of {@code count} equal validators (the same genesis for
   * all of them) into a node folder.
   */
  static void writeNodeOf(Path folder, int index, int count) throws IOException {
    Map<String, JsonValue> power = new java.util.TreeMap<>();
    for (int i = 0; i < count; i++) {
      power.put(validator(i).address().value(), CanonicalJson.PROVIDER.createValue(100));
    }
    Map<String, Map<String, JsonValue>> state = new LinkedHashMap<>(CONFIG.initialState());
    state.put(NetworkConfig.VOTING_POWER_MODEL, power);
    Files.createDirectories(folder);
    Files.writeString(folder.resolve("genesis.yaml"), CONFIG.withInitialState(state).toYaml());
    KeyFile.write(folder.resolve("node.key"), validator(index));
  }

  /** Alice sends Bob {@code amount}, signed at {@code nonce}. */
  static Transaction transfer(long amount, long nonce) {
    return transfer(ALICE, BOB, amount, nonce);
  }

  static Transaction transfer(SigningKey from, SigningKey to, long amount, long nonce) {
    return Transaction.sign(
        transferTransform(from, to, amount),
        CONFIG.networkId(),
        List.of(from),
        Map.of(from.address(), nonce));
  }

  /**
   * The Plug demo's {@code BalanceTransfer} of {@code amount} from one key's address to another's.
   */
  static JsonObject transferTransform(SigningKey from, SigningKey to, long amount) {
    return CanonicalJson.PROVIDER
        .createObjectBuilder()
        .add("fqdn", "plug_demo.balance.BalanceTransfer")
        .add("sender", from.address().value())
        .add("receiver", to.address().value())
        .add("amount", amount)
        .build();
  }
}
