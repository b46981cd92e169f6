package org.jledger.network.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.BytesMessage;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Message;
import jakarta.json.JsonObject;
import java.net.ServerSocket;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.security.auth.login.AppConfigurationEntry;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.config.impl.SecurityConfiguration;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.activemq.artemis.spi.core.security.ActiveMQJAASSecurityManager;
import org.apache.activemq.artemis.spi.core.security.jaas.PropertiesLoginModule;
import org.apache.activemq.artemis.spi.core.security.jaas.TextFileCertificateLoginModule;
import org.jledger.encoding.CanonicalJson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes' {@link JmsNetwork}s through a real embedded Artemis broker: messages arrive, a
 * poisoned one is dropped without stopping the consumer, over TLS the broker's certificate is
 * checked against the node's trust store while a plaintext client is refused, and a broker with
 * security on lets in only a node with the right password or a client certificate it trusts and
 * maps to a user.
 */
class JmsNetworkTest {

  private static final String PASSWORD = "changeit";

  @TempDir Path dir;
  private EmbeddedActiveMQ broker;

  @AfterEach
  void stopBroker() throws Exception {
    if (broker != null) {
      broker.stop();
    }
  }

  private static final String CERTIFICATE =
      "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

  private String startBroker(String acceptorParams) throws Exception {
    return startBroker(acceptorParams, null);
  }

  /**
   * Starts a broker with one acceptor; with a security manager, security is on and the role {@code
   * node} may do on {@code jledger.#} what a node needs.
   */
  private String startBroker(String acceptorParams, ActiveMQJAASSecurityManager logins)
      throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String url = "tcp://localhost:" + port;
    ConfigurationImpl config = new ConfigurationImpl();
    config
        .setPersistenceEnabled(false)
        .setSecurityEnabled(logins != null)
        .setJournalDirectory(dir.resolve("journal").toString())
        .addAcceptorConfiguration("main", url + acceptorParams);
    broker = new EmbeddedActiveMQ().setConfiguration(config);
    if (logins != null) {
      config.putSecurityRoles("jledger.#", Set.of(NODE_ROLE));
      config.putSecurityRoles("#", Set.of(NODE_TEMPORARY_QUEUES));
      broker.setSecurityManager(logins);
    }
    broker.start();
    return url;
  }

  /** What a node needs on {@code jledger.#}: send, consume, auto-create addresses and queues. */
  private static final Role NODE_ROLE =
      new Role("node", true, true, true, false, true, true, false, false, true, false);

  /**
   * What a node needs elsewhere: its temporary reply queue has a random name outside {@code
   * jledger.#}, and peers answer on it.
   */
  private static final Role NODE_TEMPORARY_QUEUES =
      new Role("node", true, true, false, false, true, true, false, false, true, false);

  /** A JAAS configuration of one login module, as an operator's {@code login.config} holds it. */
  private static SecurityConfiguration jaas(String module, Map<String, String> options) {
    return new SecurityConfiguration() {
      @Override
      public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
        return new AppConfigurationEntry[] {
          new AppConfigurationEntry(
              module, AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, options)
        };
      }
    };
  }

  private Path write(String name, String content) throws Exception {
    return Files.writeString(dir.resolve(name), content);
  }

  /** Records what a node receives. */
  private static final class Inbox implements JmsNetwork.Handlers {
    final BlockingQueue<String> transactions = new LinkedBlockingQueue<>();
    final BlockingQueue<JsonObject> consensus = new LinkedBlockingQueue<>();
    final BlockingQueue<String> certificates = new LinkedBlockingQueue<>();

    @Override
    public void consensus(JsonObject message, String certificate) {
      // the certificate first: a test that took the message may look at it at once
      certificates.add(certificate == null ? "none" : certificate);
      consensus.add(message);
    }

    @Override
    public void transaction(String json) {
      transactions.add(json);
    }

    final BlockingQueue<String> blocks = new LinkedBlockingQueue<>();

    @Override
    public void block(String json, java.util.OptionalLong height) {
      blocks.add(height.orElse(-1) + " " + json);
    }

    @Override
    public List<byte[]> blocksFrom(long height) {
      // what a node that holds heights 5 and 6 answers
      return height == 5
          ? List.of(
              "{\"h\":5,\"s\":\"\u20ac\"}".getBytes(StandardCharsets.UTF_8),
              "{\"h\":6}".getBytes(StandardCharsets.UTF_8))
          : List.of();
    }
  }

  private static void assertDelivers(BrokerConnection connection) throws InterruptedException {
    Inbox a = new Inbox();
    Inbox b = new Inbox();
    try (JmsNetwork nodeA = new JmsNetwork(connection, "n1", null, a);
        JmsNetwork nodeB = new JmsNetwork(connection, "n1", null, b)) {
      JsonObject tx = CanonicalJson.parseObject("{\"fqdn\":\"x\",\"n\":1}");
      JsonObject other = CanonicalJson.parseObject("{\"n\":2}");
      nodeA.publishTransactions(List.of(tx, other));
      assertThat(b.transactions.poll(10, TimeUnit.SECONDS))
          .as("one message for the batch")
          .isEqualTo("[{\"fqdn\":\"x\",\"n\":1},{\"n\":2}]");
      assertThat(a.transactions.poll(200, TimeUnit.MILLISECONDS)).as("not its own").isNull();
      // catch-up: B asks for the blocks from height 5, A answers on B's reply queue
      nodeB.requestBlocks(5);
      assertThat(b.blocks.poll(10, TimeUnit.SECONDS)).isEqualTo("5 {\"h\":5,\"s\":\"\u20ac\"}");
      assertThat(b.blocks.poll(10, TimeUnit.SECONDS)).isEqualTo("6 {\"h\":6}");
    }
  }

  @Test
  void nodesReachEachOtherAndAPoisonedMessageDoesNotStopTheConsumer() throws Exception {
    String url = startBroker("");
    Inbox inbox = new Inbox();
    BrokerConnection connection = BrokerConnection.plain(url, null, null);
    try (JmsNetwork node = new JmsNetwork(connection, "n1", null, inbox);
        JmsNetwork peer = new JmsNetwork(connection, "n1", CERTIFICATE, new Inbox());
        ActiveMQConnectionFactory f = new ActiveMQConnectionFactory(url);
        var intruder = f.createContext()) {
      var votes = intruder.createTopic("jledger.n1.votes");
      // with a sender, or the nodes' selector ("not mine") would not let them through at all
      var poisoner = intruder.createProducer().setProperty("sender", "intruder");
      poisoner.send(votes, "not json");
      poisoner.send(votes, new byte[] {1, 2});
      // malformed UTF-8: '{"a":"' then a lead byte without its continuation
      poisoner.send(votes, new byte[] {'{', '"', 'a', '"', ':', '"', -61, '"', '}'});
      poisoner.send(votes, Map.of("not", "a body we read"));
      JsonObject vote =
          CanonicalJson.parseObject(
              "{\"fqdn\":\"plug.consensus.Vote\",\"height\":1,\"note\":\"\u20ac \ud83d\ude00\"}");
      var listener = intruder.createConsumer(votes);
      peer.publishConsensus(vote);
      assertThat(inbox.consensus.poll(10, TimeUnit.SECONDS)).isEqualTo(vote);
      assertThat(inbox.certificates.poll()).as("sent beside the body").isEqualTo(CERTIFICATE);
      // on the wire: the canonical UTF-8 bytes, not text (which Artemis carries as UTF-16)
      Message sent = listener.receive(10_000);
      assertThat(sent).isInstanceOf(BytesMessage.class);
      assertThat(sent.getBody(byte[].class)).isEqualTo(CanonicalJson.encode(vote));
      assertThat(sent.getStringProperty("fqdn")).isEqualTo("plug.consensus.Vote");
      // a JSON text message, as DESIGN section 8 first had them, is still read
      JsonObject asText =
          CanonicalJson.parseObject("{\"fqdn\":\"plug.consensus.Vote\",\"height\":2}");
      poisoner.send(votes, CanonicalJson.toCanonicalString(asText));
      assertThat(inbox.consensus.poll(10, TimeUnit.SECONDS)).isEqualTo(asText);
      assertThat(inbox.consensus).as("nothing else got through").isEmpty();
    }
  }

  @Test
  void gossipGoesOutInBatchesOfAThousandInOrder() throws Exception {
    BrokerConnection connection = BrokerConnection.plain(startBroker(""), null, null);
    Inbox inbox = new Inbox();
    try (JmsNetwork peer = new JmsNetwork(connection, "n1", null, inbox);
        JmsNetwork node = new JmsNetwork(connection, "n1", null, new Inbox())) {
      List<JsonObject> txs = new java.util.ArrayList<>();
      for (int i = 0; i < 2 * JmsNetwork.GOSSIP_BATCH + 500; i++) {
        txs.add(CanonicalJson.parseObject("{\"n\":" + i + "}"));
      }
      node.publishTransactions(txs);
      List<Integer> sizes = new java.util.ArrayList<>();
      List<Integer> received = new java.util.ArrayList<>();
      for (int m = 0; m < 3; m++) {
        String body = inbox.transactions.poll(10, TimeUnit.SECONDS);
        assertThat(body).as("message %d", m).isNotNull();
        var array = CanonicalJson.parse(body).asJsonArray();
        sizes.add(array.size());
        array.forEach(v -> received.add(v.asJsonObject().getInt("n")));
      }
      assertThat(sizes).containsExactly(1000, 1000, 500);
      assertThat(received).hasSize(txs.size()).isSorted().doesNotHaveDuplicates();
    }
  }

  @Test
  void bodiesAreDecodedAsStrictUtf8() throws Exception {
    assertThat(JmsNetwork.utf8("{\"a\":1}".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("{\"a\":1}");
    String mixed = "\u00e9\u20ac\ud83d\ude00 end";
    assertThat(JmsNetwork.utf8(mixed.getBytes(StandardCharsets.UTF_8))).isEqualTo(mixed);
    assertThatThrownBy(() -> JmsNetwork.utf8(new byte[] {'a', -61}))
        .isInstanceOf(CharacterCodingException.class);
    assertThatThrownBy(() -> JmsNetwork.utf8(new byte[] {-19, -96, -128}))
        .as("an encoded lone surrogate")
        .isInstanceOf(CharacterCodingException.class);
  }

  @Test
  void overTlsTheBrokerIsTrustedByItsCertificateAndPlaintextIsRefused() throws Exception {
    TestCertificates certs = TestCertificates.create(dir, PASSWORD);
    String url =
        startBroker(
            "?sslEnabled=true;keyStorePath="
                + certs.brokerKeyStore()
                + ";keyStorePassword="
                + PASSWORD);
    assertDelivers(
        new BrokerConnection(url, null, null, certs.trustStore().toString(), PASSWORD, null, null));

    try (ActiveMQConnectionFactory plaintext =
        new ActiveMQConnectionFactory(url + "?initialConnectAttempts=1&callTimeout=5000")) {
      assertThatThrownBy(() -> plaintext.createContext().close())
          .isInstanceOf(JMSRuntimeException.class);
    }
    TestCertificates stranger = TestCertificates.create(dir.resolve("other"), PASSWORD);
    try (ActiveMQConnectionFactory untrusting =
        new ActiveMQConnectionFactory(
            new BrokerConnection(
                    url + "?initialConnectAttempts=1&reconnectAttempts=0",
                    null,
                    null,
                    stranger.trustStore().toString(),
                    PASSWORD,
                    null,
                    null)
                .connectorUrl())) {
      assertThatThrownBy(() -> untrusting.createContext().close())
          .as("a broker whose certificate the trust store does not hold")
          .isInstanceOf(JMSRuntimeException.class);
    }
  }

  @Test
  void overTlsABrokerCertificateForAnotherHostIsRefused() throws Exception {
    TestCertificates elsewhere =
        TestCertificates.create(dir.resolve("elsewhere"), PASSWORD, "dns:broker.example.org");
    String url =
        startBroker(
            "?sslEnabled=true;keyStorePath="
                + elsewhere.brokerKeyStore()
                + ";keyStorePassword="
                + PASSWORD);
    String trust = elsewhere.trustStore().toString();

    assertThatThrownBy(
            () ->
                new JmsNetwork(
                    new BrokerConnection(url, null, null, trust, PASSWORD, null, null),
                    "n1",
                    null,
                    new Inbox()))
        .as("a trusted certificate that does not name localhost")
        .isInstanceOf(BrokerUnavailableException.class)
        .hasMessageStartingWith("cannot connect to the broker");
    assertDelivers(
        new BrokerConnection(url + "?verifyHost=false", null, null, trust, PASSWORD, null, null));
  }

  @Test
  void withUserAndPasswordOnlyTheRightPasswordLogsIn() throws Exception {
    Path users = write("users.properties", "node-1=right-password\nreader=other\n");
    Path roles = write("roles.properties", "node=node-1\n");
    String url =
        startBroker(
            "",
            new ActiveMQJAASSecurityManager(
                "jledger",
                jaas(
                    PropertiesLoginModule.class.getName(),
                    Map.of(
                        "org.apache.activemq.jaas.properties.user", users.toString(),
                        "org.apache.activemq.jaas.properties.role", roles.toString()))));

    assertDelivers(BrokerConnection.plain(url, "node-1", "right-password"));

    assertThatThrownBy(
            () ->
                new JmsNetwork(
                    BrokerConnection.plain(url, "node-1", "wrong"), "n1", null, new Inbox()))
        .isInstanceOf(BrokerUnavailableException.class)
        .hasMessageStartingWith("the broker refused the login (" + url + " as node-1): ")
        .hasMessageNotContaining("wrong")
        .extracting(e -> ((BrokerUnavailableException) e).loginRefused())
        .isEqualTo(true);
    assertThatThrownBy(
            () ->
                new JmsNetwork(
                    BrokerConnection.plain(url, "stranger", "right-password"),
                    "n1",
                    null,
                    new Inbox()))
        .isInstanceOf(BrokerUnavailableException.class)
        .hasMessageContaining("refused the login")
        .hasMessageNotContaining("right-password");
    assertThatThrownBy(
            () ->
                new JmsNetwork(
                    BrokerConnection.plain(url, "reader", "other"), "n1", null, new Inbox()))
        .as("a user without the node role may log in but not subscribe")
        .isInstanceOf(BrokerUnavailableException.class)
        .hasMessageStartingWith("the broker refused a permission the node needs (")
        .hasMessageContaining("does not have permission");
  }

  @Test
  void withCertificateLoginOnlyATrustedAndMappedCertificateLogsIn() throws Exception {
    TestCertificates brokerCerts = TestCertificates.create(dir.resolve("broker"), PASSWORD);
    TestCertificates.Client node =
        TestCertificates.client(dir.resolve("node"), "node", "CN=node-1", PASSWORD);
    TestCertificates.Client unmapped =
        TestCertificates.client(dir.resolve("unmapped"), "unmapped", "CN=intruder", PASSWORD);
    TestCertificates.Client forged =
        TestCertificates.client(dir.resolve("forged"), "forged", "CN=node-1", PASSWORD);
    Path clientTrust =
        TestCertificates.trustStore(
            dir.resolve("clients.p12"), PASSWORD, node.certificate(), unmapped.certificate());
    Path users = write("cert-users.properties", "node-1=CN=node-1\n");
    Path roles = write("cert-roles.properties", "node=node-1\n");
    SecurityConfiguration certificates =
        jaas(
            TextFileCertificateLoginModule.class.getName(),
            Map.of(
                "org.apache.activemq.jaas.textfiledn.user", users.toString(),
                "org.apache.activemq.jaas.textfiledn.role", roles.toString()));
    String url =
        startBroker(
            "?sslEnabled=true;needClientAuth=true;keyStorePath="
                + brokerCerts.brokerKeyStore()
                + ";keyStorePassword="
                + PASSWORD
                + ";trustStorePath="
                + clientTrust
                + ";trustStorePassword="
                + PASSWORD,
            new ActiveMQJAASSecurityManager(
                "jledger", "jledger-certificates", certificates, certificates));
    String trust = brokerCerts.trustStore().toString();

    assertDelivers(
        new BrokerConnection(
            url, null, null, trust, PASSWORD, node.keyStore().toString(), PASSWORD));

    // over TLS 1.3 the client learns of a refused certificate only by waiting for the broker
    String quick = url + "?callTimeout=3000";
    assertThatThrownBy(
            () ->
                new JmsNetwork(
                    new BrokerConnection(quick, null, null, trust, PASSWORD, null, null),
                    "n1",
                    null,
                    new Inbox()))
        .as("no client certificate")
        .isInstanceOf(BrokerUnavailableException.class)
        .hasMessageStartingWith("cannot connect to the broker (" + quick)
        .hasMessageContaining("does the broker trust this node's certificate");
    assertThatThrownBy(
            () ->
                new JmsNetwork(
                    new BrokerConnection(
                        quick, null, null, trust, PASSWORD, forged.keyStore().toString(), PASSWORD),
                    "n1",
                    null,
                    new Inbox()))
        .as("a certificate with the right name that the broker does not trust")
        .isInstanceOf(BrokerUnavailableException.class);
    assertThatThrownBy(
            () ->
                new JmsNetwork(
                    new BrokerConnection(
                        url, null, null, trust, PASSWORD, unmapped.keyStore().toString(), PASSWORD),
                    "n1",
                    null,
                    new Inbox()))
        .as("a trusted certificate that maps to no user")
        .isInstanceOf(BrokerUnavailableException.class)
        .hasMessageContaining("refused the login");
  }

  @Test
  void theConnectorUrlAddsTlsAndReconnectionAndHidesPasswords() {
    BrokerConnection tls =
        new BrokerConnection(
            "tcp://b:61617", "node", "s3cret", "/etc/trust.p12", "p&w", "/etc/key.p12", "k");
    assertThat(tls.connectorUrl())
        .isEqualTo(
            "tcp://b:61617?sslEnabled=true&verifyHost=true&trustStorePath=%2Fetc%2Ftrust.p12"
                + "&trustStorePassword=p%26w&keyStorePath=%2Fetc%2Fkey.p12&keyStorePassword=k"
                + "&reconnectAttempts=-1&retryInterval=500&initialConnectAttempts=1");
    assertThat(tls.toString()).doesNotContain("s3cret", "p&w", "=k").contains("TLS");
    assertThat(tls.redact("failed: " + tls.connectorUrl() + " with s3cret"))
        .doesNotContain("s3cret", "p&w", "p%26w", "keyStorePassword=k")
        .contains("trustStorePath=%2Fetc%2Ftrust.p12");
    assertThat(BrokerConnection.plain("tcp://b:1?password=x1&a=b", "u", null).toString())
        .isEqualTo("tcp://b:1?password=***&a=b as u");
    assertThat(BrokerConnection.plain("tcp://b:1?reconnectAttempts=3", null, null).connectorUrl())
        .isEqualTo("tcp://b:1?reconnectAttempts=3");
    assertThatThrownBy(
            () -> new BrokerConnection("tcp://b:1", null, null, null, null, "/k.p12", "k"))
        .hasMessageContaining("trust store");
  }
}
