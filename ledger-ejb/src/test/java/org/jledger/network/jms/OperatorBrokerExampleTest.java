package org.jledger.network.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.JsonObject;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.URIParameter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import org.apache.activemq.artemis.core.config.FileDeploymentManager;
import org.apache.activemq.artemis.core.config.impl.FileConfiguration;
import org.apache.activemq.artemis.core.config.impl.SecurityConfiguration;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.spi.core.security.ActiveMQJAASSecurityManager;
import org.jledger.encoding.CanonicalJson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operators' example in {@code config/broker} works as the README says: a broker configured by
 * its {@code broker.xml} and {@code login.config} (the example's own files, read from the
 * repository) lets in node-1 by user and password and node-3 by its client certificate, both over
 * TLS, and they exchange messages; plaintext, a wrong password and an unknown certificate are
 * refused. The instance's key stores and the users' password file are made by the test, as an
 * operator would make them.
 */
class OperatorBrokerExampleTest {

  private static final Path EXAMPLE = Path.of("..", "config", "broker");
  private static final String PASSWORD = "test-store-password";
  private static final List<String> PROPERTIES =
      List.of(
          "BROKER_PORT",
          "BROKER_HOST",
          "artemis.instance",
          "BROKER_KEY_STORE_PASSWORD",
          "BROKER_TRUST_STORE_PASSWORD");

  @TempDir Path instance;
  private EmbeddedActiveMQ broker;

  @AfterEach
  void stop() throws Exception {
    if (broker != null) {
      broker.stop();
    }
    PROPERTIES.forEach(System::clearProperty);
  }

  @Test
  void theExampleLetsInAPasswordNodeAndACertificateNodeOverTlsOnly() throws Exception {
    Path etc = Files.createDirectories(instance.resolve("etc"));
    TestCertificates brokerCerts = TestCertificates.create(instance.resolve("certs"), PASSWORD);
    Files.copy(brokerCerts.brokerKeyStore(), etc.resolve("broker.p12"));
    TestCertificates.Client node3 =
        TestCertificates.client(
            instance.resolve("node-3"), "node-3", "CN=node-3,O=Example Bank", PASSWORD);
    TestCertificates.Client stranger =
        TestCertificates.client(
            instance.resolve("stranger"), "stranger", "CN=node-3,O=Example Bank", PASSWORD);
    TestCertificates.trustStore(etc.resolve("nodes-trust.p12"), PASSWORD, node3.certificate());
    for (String file :
        List.of(
            "login.config",
            "artemis-roles.properties",
            "cert-users.properties",
            "cert-roles.properties")) {
      Files.copy(EXAMPLE.resolve(file), etc.resolve(file));
    }
    Files.writeString(etc.resolve("artemis-users.properties"), "node-1=node-1-password\n");

    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    System.setProperty("BROKER_PORT", String.valueOf(port));
    System.setProperty("BROKER_HOST", "localhost");
    System.setProperty("artemis.instance", instance.toString());
    System.setProperty("BROKER_KEY_STORE_PASSWORD", PASSWORD);
    System.setProperty("BROKER_TRUST_STORE_PASSWORD", PASSWORD);
    FileConfiguration config = new FileConfiguration();
    new FileDeploymentManager(EXAMPLE.resolve("broker.xml").toAbsolutePath().toUri().toString())
        .addDeployable(config)
        .readConfiguration();
    broker = new EmbeddedActiveMQ().setConfiguration(config);
    broker.setSecurityManager(
        new ActiveMQJAASSecurityManager("activemq", loginConfig(etc.resolve("login.config"))));
    broker.start();

    String url = "tcp://localhost:" + port;
    String trust = brokerCerts.trustStore().toString();
    BrokerConnection byPassword =
        new BrokerConnection(url, "node-1", "node-1-password", trust, PASSWORD, null, null);
    BrokerConnection byCertificate =
        new BrokerConnection(
            url, null, null, trust, PASSWORD, node3.keyStore().toString(), PASSWORD);

    Inbox one = new Inbox();
    Inbox three = new Inbox();
    try (JmsNetwork node1 = new JmsNetwork(byPassword, "n1", null, one);
        JmsNetwork node3Network = new JmsNetwork(byCertificate, "n1", null, three)) {
      node1.publishTransactions(List.of(CanonicalJson.parseObject("{\"from\":1}")));
      node3Network.publishTransactions(List.of(CanonicalJson.parseObject("{\"from\":3}")));
      assertThat(three.transactions.poll(10, TimeUnit.SECONDS)).isEqualTo("[{\"from\":1}]");
      assertThat(one.transactions.poll(10, TimeUnit.SECONDS)).isEqualTo("[{\"from\":3}]");
    }

    assertThatThrownBy(
            () ->
                new JmsNetwork(
                    BrokerConnection.plain(url + "?callTimeout=3000", "node-1", "node-1-password"),
                    "n1",
                    null,
                    new Inbox()))
        .as("plaintext")
        .isInstanceOf(BrokerUnavailableException.class);
    assertThatThrownBy(
            () ->
                new JmsNetwork(
                    new BrokerConnection(url, "node-1", "wrong", trust, PASSWORD, null, null),
                    "n1",
                    null,
                    new Inbox()))
        .isInstanceOf(BrokerUnavailableException.class)
        .hasMessageContaining("refused the login");
    assertThatThrownBy(
            () ->
                new JmsNetwork(
                    new BrokerConnection(
                        url + "?callTimeout=3000",
                        null,
                        null,
                        trust,
                        PASSWORD,
                        stranger.keyStore().toString(),
                        PASSWORD),
                    "n1",
                    null,
                    new Inbox()))
        .as("a certificate with node-3's name that the broker's trust store does not hold")
        .isInstanceOf(BrokerUnavailableException.class);
  }

  /**
   * The example's {@code login.config}, its file names relative to its folder as the Artemis
   * launcher resolves them (it sets {@code java.security.auth.login.config}, which a test must not
   * set for the whole JVM).
   */
  private static SecurityConfiguration loginConfig(Path file) throws Exception {
    Configuration parsed =
        Configuration.getInstance("JavaLoginConfig", new URIParameter(file.toUri()));
    String baseDir = file.getParent().toString();
    return new SecurityConfiguration() {
      @Override
      public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
        AppConfigurationEntry[] entries = parsed.getAppConfigurationEntry(name);
        if (entries == null) {
          return null;
        }
        AppConfigurationEntry[] out = new AppConfigurationEntry[entries.length];
        for (int i = 0; i < entries.length; i++) {
          Map<String, Object> options = new HashMap<>(entries[i].getOptions());
          options.put("baseDir", baseDir);
          out[i] =
              new AppConfigurationEntry(
                  entries[i].getLoginModuleName(), entries[i].getControlFlag(), options);
        }
        return out;
      }
    };
  }

  /** Records what a node receives. */
  private static final class Inbox implements JmsNetwork.Handlers {
    final BlockingQueue<String> transactions = new LinkedBlockingQueue<>();

    @Override
    public void consensus(JsonObject message, String certificate) {}

    @Override
    public void transaction(String json) {
      transactions.add(json);
    }

    @Override
    public void block(String json, java.util.OptionalLong height) {}

    @Override
    public List<byte[]> blocksFrom(long height) {
      return List.of();
    }
  }
}
