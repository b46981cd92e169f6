package org.jledger.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.ActiveMQSecurityException;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.ServerLocator;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code jledger broker} with TLS and logins, against Artemis' own core client: a node with the
 * right password sends and receives on {@code jledger.#}; a wrong password, an unknown user and a
 * plaintext client are refused. Certificates are made by {@code keytool} for the test run.
 */
class BrokerCommandTest {

  private static final String PASSWORD = "changeit";

  @TempDir Path dir;
  private EmbeddedActiveMQ broker;

  @AfterEach
  void stop() throws Exception {
    if (broker != null) {
      broker.stop();
    }
  }

  @Test
  void aTlsBrokerWithUsersLetsInOnlyTheRightPasswordAndRefusesPlaintext() throws Exception {
    Path keyStore = dir.resolve("broker.p12");
    Path cert = dir.resolve("broker.crt");
    Path trust = dir.resolve("trust.p12");
    keytool(
        "-genkeypair",
        "-alias",
        "broker",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=localhost",
        "-ext",
        "SAN=dns:localhost,ip:127.0.0.1",
        "-validity",
        "2",
        "-keystore",
        keyStore.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        PASSWORD);
    keytool(
        "-exportcert",
        "-alias",
        "broker",
        "-keystore",
        keyStore.toString(),
        "-storepass",
        PASSWORD,
        "-file",
        cert.toString());
    keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        "broker",
        "-file",
        cert.toString(),
        "-keystore",
        trust.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        PASSWORD);
    Path users = Files.writeString(dir.resolve("users.properties"), "node-1=s3cret\nnode-2=x\n");
    String url = "tcp://localhost:" + freePort();
    broker =
        BrokerCommand.start(
            url,
            dir.resolve("data"),
            new BrokerSecurity(keyStore, PASSWORD, null, null, false, users, null));
    String tls =
        url + "?sslEnabled=true&trustStorePath=" + trust + "&trustStorePassword=" + PASSWORD;

    try (ServerLocator locator = locator(tls);
        ClientSessionFactory factory = locator.createSessionFactory();
        ClientSession session =
            factory.createSession("node-1", "s3cret", false, true, true, false, 1)) {
      session.createQueue(
          QueueConfiguration.of("q")
              .setAddress("jledger.n1.votes")
              .setRoutingType(RoutingType.MULTICAST)
              .setDurable(false));
      session.start();
      session
          .createProducer("jledger.n1.votes")
          .send(session.createMessage(false).putStringProperty("n", "1"));
      assertThat(session.createConsumer("q").receive(10_000).getStringProperty("n")).isEqualTo("1");
    }
    for (String[] login : new String[][] {{"node-1", "wrong"}, {"stranger", "s3cret"}}) {
      try (ServerLocator locator = locator(tls);
          ClientSessionFactory factory = locator.createSessionFactory()) {
        assertThatThrownBy(
                () ->
                    factory.createSession(login[0], login[1], false, true, true, false, 1).close())
            .as(login[0] + "/" + login[1])
            .isInstanceOf(ActiveMQSecurityException.class);
      }
    }
    try (ServerLocator plaintext = locator(url)) {
      assertThatThrownBy(
              () -> {
                try (ClientSessionFactory f = plaintext.createSessionFactory()) {
                  f.createSession("node-1", "s3cret", false, true, true, false, 1).close();
                }
              })
          .as("plaintext to a TLS-only broker")
          .isInstanceOf(ActiveMQException.class);
    }
  }

  @Test
  void inconsistentSecurityOptionsAreRefusedBeforeAnythingStarts() {
    StringWriter err = new StringWriter();
    CommandLine cli = Jledger.commandLine();
    cli.setErr(new PrintWriter(err, true));
    cli.setOut(new PrintWriter(new StringWriter(), true));

    int code = cli.execute("broker", "-d", dir.resolve("data").toString(), "--need-client-auth");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--need-client-auth needs --trust-store");
    assertThat(dir.resolve("data")).doesNotExist();
  }

  @Test
  void aKeyStoreWithoutItsPasswordInTheEnvironmentIsRefused() throws Exception {
    Path keyStore = Files.writeString(dir.resolve("broker.p12"), "x");
    StringWriter err = new StringWriter();
    CommandLine cli = Jledger.commandLine();
    cli.setErr(new PrintWriter(err, true));

    int code =
        cli.execute(
            "broker",
            "--key-store",
            keyStore.toString(),
            "--key-store-password-env",
            "JLEDGER_TEST_UNSET_VARIABLE");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("password is not in the environment");
  }

  private static ServerLocator locator(String url) throws Exception {
    return ActiveMQClient.createServerLocator(url)
        .setCallTimeout(5000)
        .setInitialConnectAttempts(1)
        .setReconnectAttempts(0);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static void keytool(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IOException("keytool " + args[0] + " failed: " + out);
    }
  }
}
