package org.jledger.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jledger.it.NodeClient.json;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.jledger.config.NetworkConfig;
import org.jledger.crypto.KeyFile;
import org.jledger.crypto.SigningKey;
import org.jledger.encoding.CanonicalJson;
import org.jledger.pki.CertificateAuthority;
import org.jledger.pki.Pem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Node PKI on real Payara Micro nodes and a real Artemis broker: six validators with the network
 * config's {@code pki} section naming the consortium CA and its CRL. Three hold valid certificates
 * (voting power 300 each); three really run and send their votes but hold a certificate from an
 * untrusted CA, an expired one, and a revoked one (33 each, so the good three alone are a quorum of
 * 67, and the bad ones can never tip a decision). A transfer commits; the good nodes never count
 * the bad validators (last seen: never), no committed block carries their commits, and each good
 * node's log names why.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PkiIT {

  private static final int GOOD = 3;
  private static final int VALIDATORS = 6;
  private static final List<String> REASONS =
      List.of("untrusted issuer", "certificate expired", "certificate revoked");

  private final SecureRandom random = new SecureRandom();
  private final List<PayaraMicroNode> nodes = new ArrayList<>();
  private final List<SigningKey> keys = new ArrayList<>();
  private final List<String> certificates = new ArrayList<>();
  private EmbeddedActiveMQ broker;
  private CertificateAuthority ca;
  private String crl;
  private NetworkConfig config;
  private long bobNonce;

  @BeforeAll
  void startNetwork() throws Exception {
    String brokerUrl;
    try (ServerSocket s = new ServerSocket(0)) {
      brokerUrl = "tcp://localhost:" + s.getLocalPort();
    }
    broker =
        new EmbeddedActiveMQ()
            .setConfiguration(
                new ConfigurationImpl()
                    .setPersistenceEnabled(false)
                    .setSecurityEnabled(false)
                    .addAcceptorConfiguration("tcp", brokerUrl));
    broker.start();

    Instant now = Instant.now();
    Instant from = now.minus(Duration.ofDays(30));
    Instant to = now.plus(Duration.ofDays(365));
    ca = CertificateAuthority.create("Consortium CA", from, to, random);
    CertificateAuthority rogue = CertificateAuthority.create("Rogue CA", from, to, random);
    Map<String, JsonValue> power = new TreeMap<>();
    for (int i = 0; i < VALIDATORS; i++) {
      SigningKey key = SigningKey.generate(random);
      keys.add(key);
      power.put(key.address().value(), CanonicalJson.PROVIDER.createValue(i < GOOD ? 300 : 33));
      String name = "node_" + i;
      certificates.add(
          Pem.write(
              switch (i) {
                case 3 -> rogue.issueValidator(name, key.verifyingKey(), from, to);
                case 4 -> ca.issueValidator(name, key.verifyingKey(), from, now.minusSeconds(60));
                default -> ca.issueValidator(name, key.verifyingKey(), from, to);
              }));
    }
    var revoked = Pem.certificates(certificates.get(5), "node_5").get(0).getSerialNumber();
    crl = Pem.write(ca.crl(List.of(revoked), now.minusSeconds(60), to));

    Map<String, Map<String, JsonValue>> state =
        new LinkedHashMap<>(GettingStartedNetwork.CONFIG.initialState());
    state.put(NetworkConfig.VOTING_POWER_MODEL, power);
    config =
        NetworkConfig.parse(
                GettingStartedNetwork.CONFIG
                    .toYaml()
                    .replace("quorum: 51", "quorum: 67")
                    .replace("refresh_window: PT5S", "refresh_window: PT2S"),
                "pki.yaml")
            .withInitialState(state)
            .withPki(new NetworkConfig.Pki(List.of("pki/ca.pem"), List.of("pki/ca.crl")));

    for (int i = 0; i < VALIDATORS; i++) {
      int index = i;
      nodes.add(
          PayaraMicroNode.launch(
              "pki-" + i,
              Map.of("jledger.broker.url", brokerUrl, "jledger.node.name", "node_" + i),
              folder -> writeNode(folder, index)));
    }
    nodes.forEach(PayaraMicroNode::awaitReady);
  }

  private void writeNode(Path folder, int i) throws IOException {
    Files.createDirectories(folder.resolve("pki"));
    Files.writeString(folder.resolve("genesis.yaml"), config.toYaml());
    Files.writeString(folder.resolve("pki/ca.pem"), Pem.write(ca.certificate()));
    Files.writeString(folder.resolve("pki/ca.crl"), crl);
    Files.writeString(folder.resolve("node.crt"), certificates.get(i));
    KeyFile.write(folder.resolve("node.key"), keys.get(i));
  }

  @AfterAll
  void stopNetwork() throws Exception {
    nodes.forEach(PayaraMicroNode::close);
    if (broker != null) {
      broker.stop();
    }
  }

  @Test
  void validatorsWithAnUntrustedExpiredOrRevokedCertificateAreIgnored() throws Exception {
    // the good three decide only when all of them agree: on two shared cores that may take a
    // few rounds, so the transfer gets more time than the getting-started flow gives it
    NodeClient first = new NodeClient(nodes.get(0));
    var transfer = GettingStartedNetwork.transfer(10, 0);
    GettingStartedFlow.submit(first, transfer);
    awaitConfirmed(first, transfer.hash());
    JsonObject confirmed = GettingStartedFlow.run(first);
    long height = confirmed.getJsonNumber("height").longValue();

    Set<String> bad =
        keys.subList(GOOD, VALIDATORS).stream()
            .map(k -> k.address().value())
            .collect(Collectors.toSet());
    // the bad validators run and vote: every good node hears each of them and says why it ignores
    // them, once. A bad node that was too slow to vote on that one block (six nodes share two
    // cores) gets more blocks to vote on: Bob pays Alice 1 every 10 s until each good node heard
    // all
    for (int i = 0; i < GOOD; i++) {
      PayaraMicroNode node = nodes.get(i);
      awaitLog(node, REASONS, first);
      String log = Files.readString(node.log(), StandardCharsets.UTF_8);
      for (int b = GOOD; b < VALIDATORS; b++) {
        String line =
            "Ignoring consensus messages of validator "
                + keys.get(b).address()
                + ": "
                + REASONS.get(b - GOOD);
        assertThat(log).contains(line);
        assertThat(log.split(java.util.regex.Pattern.quote(line), -1)).hasSize(2);
      }
      for (int g = 0; g < GOOD; g++) {
        assertThat(log)
            .doesNotContain("Ignoring consensus messages of validator " + keys.get(g).address());
      }
    }
    for (int i = 0; i < GOOD; i++) {
      NodeClient client = new NodeClient(nodes.get(i));
      GettingStartedFlow.awaitFinal(client, GettingStartedNetwork.transfer(10, 0).hash());
      for (JsonObject v :
          json(client.get("/api/v1/network"))
              .getJsonArray("validators")
              .getValuesAs(JsonObject.class)) {
        String address = v.getString("address");
        if (bad.contains(address)) {
          assertThat(v.get("last_seen")).as("node %d saw %s", i, address).isEqualTo(JsonValue.NULL);
        }
      }
      for (long h = 0; h <= height; h++) {
        JsonObject block = json(client.get("/api/v1/block/" + h));
        for (JsonObject commit : block.getJsonArray("commits").getValuesAs(JsonObject.class)) {
          assertThat(bad)
              .as("block %d on node %d", h, i)
              .doesNotContain(commit.getString("address"));
        }
      }
    }
    // the good validators count one another: each is seen by another good node
    Set<String> seenGood = new java.util.HashSet<>();
    for (int i = 0; i < GOOD; i++) {
      String self = keys.get(i).address().value();
      json(new NodeClient(nodes.get(i)).get("/api/v1/network"))
          .getJsonArray("validators")
          .getValuesAs(JsonObject.class)
          .stream()
          .filter(v -> !bad.contains(v.getString("address")))
          .filter(v -> !v.getString("address").equals(self))
          .filter(v -> v.get("last_seen") instanceof jakarta.json.JsonString)
          .forEach(v -> seenGood.add(v.getString("address")));
    }
    assertThat(seenGood).hasSize(GOOD);
  }

  private void awaitConfirmed(NodeClient client, org.jledger.encoding.Hash hash) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(150));
    while (!"confirmed"
        .equals(json(client.get("/api/v1/transaction/" + hash.hex())).getString("status"))) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("the transfer was not confirmed in 150 s\n" + diagnosis());
      }
      Thread.sleep(500);
    }
  }

  /** What each node says of itself and of the validators, for a failure message. */
  private String diagnosis() {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < nodes.size(); i++) {
      NodeClient c = new NodeClient(nodes.get(i));
      b.append("node_").append(i).append(": ").append(c.get("/api/v1/node").body()).append('\n');
      b.append("  ").append(c.get("/api/v1/network").body()).append('\n');
    }
    return b.toString();
  }

  private void awaitLog(PayaraMicroNode node, List<String> texts, NodeClient nudged)
      throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
    Instant nextNudge = Instant.now().plus(Duration.ofSeconds(10));
    while (true) {
      String log = Files.readString(node.log(), StandardCharsets.UTF_8);
      if (texts.stream().allMatch(log::contains)) {
        return;
      }
      assertThat(Instant.now())
          .as("log of " + node.folder() + " names " + texts + node.tail())
          .isBefore(deadline);
      if (Instant.now().isAfter(nextNudge)) {
        GettingStartedFlow.submit(
            nudged,
            GettingStartedNetwork.transfer(
                GettingStartedNetwork.BOB, GettingStartedNetwork.ALICE, 1, bobNonce++));
        nextNudge = Instant.now().plus(Duration.ofSeconds(10));
      }
      Thread.sleep(500);
    }
  }
}
