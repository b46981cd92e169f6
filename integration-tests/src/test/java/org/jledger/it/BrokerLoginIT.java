package org.jledger.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jledger.it.NodeClient.json;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import javax.security.auth.login.AppConfigurationEntry;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.config.impl.SecurityConfiguration;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.spi.core.security.ActiveMQJAASSecurityManager;
import org.apache.activemq.artemis.spi.core.security.jaas.PropertiesLoginModule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A node whose broker refuses its login says so: {@code /health/ready} is 503, {@code /api/v1/node}
 * names the refusal in the {@code broker} condition, the log has one SEVERE line without a stack
 * trace, and no password shows anywhere. Once the broker accepts the login the node connects by
 * itself, without a restart, and becomes ready.
 */
class BrokerLoginIT {

  private static final String NODE_PASSWORD = "the-nodes-own-password";
  private static final String DATABASE_PASSWORD = "the-database-password";

  private EmbeddedActiveMQ broker;
  private PayaraMicroNode node;

  @AfterEach
  void stop() throws Exception {
    if (node != null) {
      node.close();
    }
    if (broker != null) {
      broker.stop();
    }
  }

  @Test
  void aRefusedLoginKeepsTheNodeNotReadyWithTheReasonLoggedOnce() throws Exception {
    String url;
    try (ServerSocket s = new ServerSocket(0)) {
      url = "tcp://localhost:" + s.getLocalPort();
    }
    broker = startBroker(url, "a-different-password");

    node =
        PayaraMicroNode.launch(
            "broker-login",
            Map.of(
                "jledger.broker.url",
                url,
                "jledger.broker.user",
                "node-1",
                "jledger.broker.password",
                NODE_PASSWORD,
                "jledger.db.password",
                DATABASE_PASSWORD,
                "jledger.broker.retry-interval",
                "PT1S"));
    node.await("/health/live");
    NodeClient client = new NodeClient(node);

    JsonObject refused = awaitBrokerCondition(client, "refused the login");
    assertThat(refused.getBoolean("met")).isFalse();
    assertThat(refused.getString("detail"))
        .startsWith("the broker refused the login (" + url + " as node-1): AMQ229031")
        .doesNotContain(NODE_PASSWORD);
    assertThat(client.get("/health/ready").statusCode()).isEqualTo(503);
    assertThat(client.get("/health/ready").body()).doesNotContain(NODE_PASSWORD);

    // the broker's message names the client's port, new on every try: wait for a later try
    String first = refused.getString("detail");
    awaitBrokerCondition(client, "refused the login", first);

    String log = Files.readString(node.log());
    assertThat(log.lines().filter(l -> l.contains("The node has no network: the broker refused")))
        .as("logged once, though tried again every second")
        .hasSize(1);
    assertThat(log)
        .doesNotContain(NODE_PASSWORD)
        .doesNotContain(DATABASE_PASSWORD)
        .doesNotContain("BrokerUnavailableException")
        .doesNotContain("JMSSecurityRuntimeException");
  }

  /**
   * A broker at {@code url} with security on, where node-1 logs in with {@code password} (Artemis'
   * properties login) in the role {@code node}.
   */
  private static EmbeddedActiveMQ startBroker(String url, String password) throws Exception {
    Path dir = Paths.get(System.getProperty("jledger.it.nodes")).resolve("broker-login-broker");
    PayaraMicroNode.deleteRecursively(dir);
    Files.createDirectories(dir);
    Path users = Files.writeString(dir.resolve("users.properties"), "node-1=" + password);
    Path roles = Files.writeString(dir.resolve("roles.properties"), "node=node-1");
    SecurityConfiguration logins =
        new SecurityConfiguration() {
          @Override
          public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
            return new AppConfigurationEntry[] {
              new AppConfigurationEntry(
                  PropertiesLoginModule.class.getName(),
                  AppConfigurationEntry.LoginModuleControlFlag.REQUIRED,
                  Map.of(
                      "org.apache.activemq.jaas.properties.user", users.toString(),
                      "org.apache.activemq.jaas.properties.role", roles.toString()))
            };
          }
        };
    ConfigurationImpl config = new ConfigurationImpl();
    config
        .setPersistenceEnabled(false)
        .setSecurityEnabled(true)
        .setJournalDirectory(dir.resolve("journal").toString())
        .addAcceptorConfiguration("tcp", url);
    config.putSecurityRoles(
        "jledger.#",
        Set.of(new Role("node", true, true, true, false, true, true, false, false, true, false)));
    config.putSecurityRoles(
        "#",
        Set.of(new Role("node", true, true, false, false, true, true, false, false, true, false)));
    EmbeddedActiveMQ broker =
        new EmbeddedActiveMQ()
            .setConfiguration(config)
            .setSecurityManager(new ActiveMQJAASSecurityManager("jledger", logins));
    broker.start();
    return broker;
  }

  /** Polls {@code /api/v1/node} until the broker condition's detail contains {@code text}. */
  private static JsonObject awaitBrokerCondition(NodeClient client, String text) {
    return awaitBrokerCondition(client, text, null);
  }

  /** As {@link #awaitBrokerCondition(NodeClient, String)}, with a detail other than {@code not}. */
  private static JsonObject awaitBrokerCondition(NodeClient client, String text, String not) {
    long deadline = System.nanoTime() + 240_000_000_000L;
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      HttpResponse<String> answer = client.get("/api/v1/node");
      if (answer.statusCode() == 200) {
        for (JsonValue v : json(answer).getJsonArray("conditions")) {
          JsonObject condition = v.asJsonObject();
          if (condition.getString("name").equals("broker")) {
            last = condition.getString("detail");
            if (last.contains(text) && !last.equals(not)) {
              return condition;
            }
          }
        }
      }
      LockSupport.parkNanos(250_000_000L);
    }
    throw new AssertionError("the broker condition never said '" + text + "'; last: " + last);
  }
}
