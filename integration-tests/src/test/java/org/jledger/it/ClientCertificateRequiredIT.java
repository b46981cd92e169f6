package org.jledger.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jledger.it.NodeClient.json;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Map;
import org.jledger.cli.HttpsListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A node with {@code client-auth=need}: only a client certificate issued by the configured CA gets
 * a connection at all; none, a self-signed one or another CA's is refused in the TLS handshake. The
 * plain HTTP port stays on here (it is the operator's choice), so only HTTPS is checked.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientCertificateRequiredIT {

  private static final String BOB = GettingStartedNetwork.BOB.address().value();

  private final Path work = Paths.get(System.getProperty("jledger.it.nodes")).resolve("need-tls");
  private TestPki pki;
  private TestPki.Identity bob;
  private PayaraMicroNode node;

  @BeforeAll
  void start() throws Exception {
    pki = new TestPki("JLedger need CA");
    bob = pki.client("CN=bob", TestPki.ec(), "jledger:address:" + BOB);
    Path tls = work.resolve("tls");
    TestPki.keyStore(tls.resolve("node.p12"), "node", pki.server());
    TestPki.trustStore(tls.resolve("clients-ca.p12"), pki.ca());
    String password = new String(TestPki.PASSWORD);
    node =
        PayaraMicroNode.startHttps(
            "need-tls-node",
            Map.of(
                "jledger.https.port", Integer.toString(freePort()),
                "jledger.https.key-store", tls.resolve("node.p12").toString(),
                "jledger.https.key-alias", "node",
                "jledger.https.trust-store", tls.resolve("clients-ca.p12").toString(),
                "jledger.https.client-auth", "need"),
            Map.of(
                HttpsListener.KEY_STORE_PASSWORD_ENV, password,
                HttpsListener.TRUST_STORE_PASSWORD_ENV, password),
            TestPki.context(pki.ca(), bob),
            GettingStartedNetwork::writeInto);
  }

  @AfterAll
  void stop() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void aCertificateFromTheConfiguredCaConnectsAndIsTheCaller() throws Exception {
    HttpResponse<String> answer = get(bob);

    assertThat(answer.statusCode()).isEqualTo(200);
    JsonObject caller = json(answer);
    assertThat(caller.getBoolean("authenticated")).isTrue();
    assertThat(caller.getString("address")).isEqualTo(BOB);
  }

  @Test
  void withoutACertificateThereIsNoConnection() {
    assertThatThrownBy(() -> get(null)).isInstanceOf(IOException.class);
  }

  @Test
  void aForgedCertificateIsRefusedInTheHandshake() throws Exception {
    TestPki.Identity selfSigned = TestPki.selfSigned("CN=bob", TestPki.ec());
    TestPki.Identity otherCa =
        new TestPki("JLedger need CA").client("CN=bob", TestPki.ec(), "jledger:address:" + BOB);

    assertThatThrownBy(() -> get(selfSigned)).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> get(otherCa)).isInstanceOf(IOException.class);
  }

  private HttpResponse<String> get(TestPki.Identity identity)
      throws IOException, InterruptedException, GeneralSecurityException {
    HttpClient client =
        HttpClient.newBuilder()
            .sslContext(TestPki.context(pki.ca(), identity))
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    return client.send(
        HttpRequest.newBuilder(node.uri("/api/v1/caller")).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static int freePort() throws IOException {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
