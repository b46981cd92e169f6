package org.jledger.network.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.JMSRuntimeException;
import jakarta.json.JsonObject;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.jledger.encoding.CanonicalJson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes' {@link JmsNetwork}s through a real embedded Artemis broker: messages arrive, a
 * poisoned one is dropped without stopping the consumer, and over TLS the broker's certificate is
 * checked against the node's trust store while a plaintext client is refused.
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
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String url = "tcp://localhost:" + port;
    broker =
        new EmbeddedActiveMQ()
            .setConfiguration(
                new ConfigurationImpl()
                    .setPersistenceEnabled(false)
                    .setSecurityEnabled(false)
                    .setJournalDirectory(dir.resolve("journal").toString())
                    .addAcceptorConfiguration("main", url + acceptorParams));
    broker.start();
    return url;
  }

  /** Records what a node receives. */
  private static final class Inbox implements JmsNetwork.Handlers {
    final BlockingQueue<String> transactions = new LinkedBlockingQueue<>();
    final BlockingQueue<JsonObject> consensus = new LinkedBlockingQueue<>();
    final BlockingQueue<String> certificates = new LinkedBlockingQueue<>();

    @Override
    public void consensus(JsonObject message, String certificate) {
      consensus.add(message);
      certificates.add(certificate == null ? "none" : certificate);
    }

    @Override
    public void transaction(String json) {
      transactions.add(json);
    }

    @Override
    public void block(String json) {}

    @Override
    public List<String> blocksFrom(long height) {
      return List.of();
    }
  }

  private static void assertDelivers(BrokerConnection connection) throws InterruptedException {
    Inbox a = new Inbox();
    Inbox b = new Inbox();
    try (JmsNetwork nodeA = new JmsNetwork(connection, "n1", null, a);
        JmsNetwork nodeB = new JmsNetwork(connection, "n1", null, b)) {
      JsonObject tx = CanonicalJson.parseObject("{\"fqdn\":\"x\",\"n\":1}");
      nodeA.publishTransaction(tx);
      assertThat(b.transactions.poll(10, TimeUnit.SECONDS)).isEqualTo("{\"fqdn\":\"x\",\"n\":1}");
      assertThat(a.transactions.poll(200, TimeUnit.MILLISECONDS)).as("not its own").isNull();
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
      intruder.createProducer().send(votes, "not json");
      intruder.createProducer().send(votes, new byte[] {1, 2});
      JsonObject vote =
          CanonicalJson.parseObject("{\"fqdn\":\"plug.consensus.Vote\",\"height\":1}");
      peer.publishConsensus(vote);
      assertThat(inbox.consensus.poll(10, TimeUnit.SECONDS)).isEqualTo(vote);
      assertThat(inbox.certificates.poll()).as("sent beside the body").isEqualTo(CERTIFICATE);
    }
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
  void theConnectorUrlAddsTlsAndReconnectionAndHidesPasswords() {
    BrokerConnection tls =
        new BrokerConnection(
            "tcp://b:61617", "node", "s3cret", "/etc/trust.p12", "p&w", "/etc/key.p12", "k");
    assertThat(tls.connectorUrl())
        .isEqualTo(
            "tcp://b:61617?sslEnabled=true&trustStorePath=%2Fetc%2Ftrust.p12"
                + "&trustStorePassword=p%26w&keyStorePath=%2Fetc%2Fkey.p12&keyStorePassword=k"
                + "&reconnectAttempts=-1&retryInterval=500&initialConnectAttempts=-1");
    assertThat(tls.toString()).doesNotContain("s3cret", "p&w").contains("TLS");
    assertThat(BrokerConnection.plain("tcp://b:1?reconnectAttempts=3", null, null).connectorUrl())
        .isEqualTo("tcp://b:1?reconnectAttempts=3");
    assertThatThrownBy(
            () -> new BrokerConnection("tcp://b:1", null, null, null, null, "/k.p12", "k"))
        .hasMessageContaining("trust store");
  }
}
