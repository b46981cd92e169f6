package org.jledger.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class HttpsListenerTest {

  private static final Path FOLDER = Path.of("/nodes/node_0");

  private static Properties settings(Map<String, String> values) {
    Properties p = new Properties();
    p.putAll(values);
    return p;
  }

  @Test
  void withoutAnHttpsPortTheNodeKeepsPlainHttpOnly() {
    assertThat(HttpsListener.from(settings(Map.of("jledger.http.port", "8181")), FOLDER)).isEmpty();
  }

  @Test
  void httpsSettingsBecomePayaraCommandsWithPasswordsFromTheEnvironment() {
    HttpsListener https =
        HttpsListener.from(
                settings(
                    Map.of(
                        "jledger.https.port", "8443",
                        "jledger.https.key-store", "tls/node.p12",
                        "jledger.https.key-alias", "node",
                        "jledger.https.trust-store", "tls/ca.p12",
                        "jledger.https.client-auth", "need",
                        "jledger.http.enabled", "false")),
                FOLDER)
            .orElseThrow();

    assertThat(https.prebootCommands())
        .contains(
            "set configs.config.server-config.network-config.protocols.protocol.https-listener"
                + ".ssl.key-store=/nodes/node_0/tls/node.p12",
            "set configs.config.server-config.network-config.protocols.protocol.https-listener"
                + ".ssl.key-store-password=${ENV=JLEDGER_HTTPS_KEY_STORE_PASSWORD}",
            "set configs.config.server-config.network-config.protocols.protocol.https-listener"
                + ".ssl.client-auth=need",
            "set configs.config.server-config.network-config.protocols.protocol.https-listener"
                + ".http.http2-enabled=false",
            "set configs.config.server-config.network-config.network-listeners.network-listener"
                + ".http-listener.enabled=false");
    assertThat(String.join("\n", https.prebootCommands())).doesNotContain("password=s");
  }

  @Test
  void incompleteOrContradictorySettingsAreRefusedClearly() {
    assertThatThrownBy(
            () ->
                HttpsListener.from(
                    settings(Map.of("jledger.https.key-store", "tls/node.p12")), FOLDER))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("jledger.https.port");
    assertThatThrownBy(
            () -> HttpsListener.from(settings(Map.of("jledger.http.enabled", "false")), FOLDER))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("no port at all");
    assertThatThrownBy(
            () ->
                HttpsListener.from(
                    settings(
                        Map.of(
                            "jledger.https.port", "8443",
                            "jledger.https.key-store", "tls/node.p12",
                            "jledger.https.key-alias", "node",
                            "jledger.https.client-auth", "want")),
                    FOLDER))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("jledger.https.trust-store");
    assertThatThrownBy(
            () ->
                HttpsListener.from(
                    settings(
                        Map.of(
                            "jledger.https.port", "8443",
                            "jledger.https.key-store", "tls/node.p12",
                            "jledger.https.key-alias", "node",
                            "jledger.https.client-auth", "sometimes")),
                    FOLDER))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("none, want or need");
  }
}
