package org.jledger.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

/**
 * How a node's {@code node.properties} asks Payara Micro for HTTPS, a client certificate and no
 * plain HTTP, turned into Payara Micro options and a pre-boot command file. Payara's listener is
 * not MicroProfile Config, so {@code jledger run}, {@code up} and the integration tests translate
 * these keys before the server starts:
 *
 * <ul>
 *   <li>{@code jledger.https.port}: the HTTPS port; without it the node has no HTTPS listener and
 *       every other key here must be absent.
 *   <li>{@code jledger.https.key-store} (PKCS#12 or JKS) and {@code jledger.https.key-alias}: the
 *       node's private key and certificate chain.
 *   <li>{@code jledger.https.trust-store}: the CAs whose client certificates are accepted.
 *   <li>{@code jledger.https.client-auth}: {@code none} (default), {@code want} or {@code need}.
 *   <li>{@code jledger.http.enabled}: {@code false} turns the plain HTTP port off.
 * </ul>
 *
 * The listener speaks HTTP/1.1 only: clients that ask for HTTP/2 (in TLS's ALPN) get HTTP/1.1.
 *
 * <p>The store passwords are never written to a file: the command file refers to the environment
 * variables {@value #KEY_STORE_PASSWORD_ENV} and {@value #TRUST_STORE_PASSWORD_ENV} with Payara's
 * {@code ${ENV=...}}, and Payara reads them from the node's environment when it opens the stores.
 */
public record HttpsListener(
    int port,
    Path keyStore,
    String keyAlias,
    Optional<Path> trustStore,
    ClientAuth clientAuth,
    boolean httpEnabled) {

  /** Environment variable holding the key store's password. */
  public static final String KEY_STORE_PASSWORD_ENV = "JLEDGER_HTTPS_KEY_STORE_PASSWORD";

  /** Environment variable holding the trust store's password. */
  public static final String TRUST_STORE_PASSWORD_ENV = "JLEDGER_HTTPS_TRUST_STORE_PASSWORD";

  /** The pre-boot command file written into the node folder. */
  public static final String COMMAND_FILE = "https-preboot.asadmin";

  private static final String PROTOCOL =
      "configs.config.server-config.network-config.protocols.protocol.https-listener.";

  private static final String SSL = PROTOCOL + "ssl.";
  private static final String HTTP_LISTENER =
      "configs.config.server-config.network-config.network-listeners.network-listener"
          + ".http-listener.enabled";

  /** Whether the server asks for a client certificate during the TLS handshake. */
  public enum ClientAuth {
    /** No client certificate is asked for. */
    NONE,
    /** A client certificate is asked for; without one the caller stays anonymous. */
    WANT,
    /** A client certificate that chains to the trust store is required to connect at all. */
    NEED
  }

  /**
   * Reads the HTTPS settings of a node; paths are relative to {@code folder}.
   *
   * @return empty when {@code jledger.https.port} is not set (plain HTTP only, as before)
   * @throws CliException if the settings are incomplete or contradict each other
   */
  public static Optional<HttpsListener> from(Properties p, Path folder) {
    String port = value(p, "jledger.https.port");
    boolean httpEnabled = !"false".equalsIgnoreCase(value(p, "jledger.http.enabled"));
    if (port == null) {
      for (String key :
          List.of(
              "jledger.https.key-store",
              "jledger.https.trust-store",
              "jledger.https.client-auth")) {
        if (value(p, key) != null) {
          throw new CliException(key + " is set but jledger.https.port is not; set both");
        }
      }
      if (!httpEnabled) {
        throw new CliException(
            "jledger.http.enabled=false needs jledger.https.port, or the node has no port at all");
      }
      return Optional.empty();
    }
    int httpsPort;
    try {
      httpsPort = Integer.parseInt(port);
    } catch (NumberFormatException e) {
      throw new CliException("jledger.https.port must be a port number, not '" + port + "'");
    }
    if (httpsPort < 1 || httpsPort > 65535) {
      throw new CliException("jledger.https.port must be 1-65535, not " + httpsPort);
    }
    String keyStore = value(p, "jledger.https.key-store");
    if (keyStore == null) {
      throw new CliException("jledger.https.port is set but jledger.https.key-store is not");
    }
    String alias = value(p, "jledger.https.key-alias");
    if (alias == null) {
      throw new CliException(
          "jledger.https.key-alias must name the key store's entry with the node's key");
    }
    String authText = Optional.ofNullable(value(p, "jledger.https.client-auth")).orElse("none");
    ClientAuth auth;
    try {
      auth = ClientAuth.valueOf(authText.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new CliException(
          "jledger.https.client-auth must be none, want or need, not '" + authText + "'");
    }
    Optional<Path> trustStore =
        Optional.ofNullable(value(p, "jledger.https.trust-store")).map(folder::resolve);
    if (auth != ClientAuth.NONE && trustStore.isEmpty()) {
      throw new CliException(
          "jledger.https.client-auth="
              + authText
              + " needs jledger.https.trust-store: the CAs whose client certificates are accepted");
    }
    return Optional.of(
        new HttpsListener(
            httpsPort, folder.resolve(keyStore), alias, trustStore, auth, httpEnabled));
  }

  /** The asadmin commands Payara runs before it boots, one a line. */
  public List<String> prebootCommands() {
    List<String> commands = new ArrayList<>();
    commands.add("set " + SSL + "key-store=" + keyStore.toAbsolutePath());
    commands.add("set " + SSL + "key-store-password=${ENV=" + KEY_STORE_PASSWORD_ENV + "}");
    trustStore.ifPresent(
        t -> {
          commands.add("set " + SSL + "trust-store=" + t.toAbsolutePath());
          commands.add(
              "set " + SSL + "trust-store-password=${ENV=" + TRUST_STORE_PASSWORD_ENV + "}");
        });
    commands.add("set " + SSL + "client-auth=" + clientAuth.name().toLowerCase(Locale.ROOT));
    // Payara's HTTP/2 over TLS corrupts a record now and then: about one request in 80 of the JDK's
    // HttpClient (which asks for HTTP/2) failed with "Tag mismatch!", none over HTTP/1.1
    commands.add("set " + PROTOCOL + "http.http2-enabled=false");
    if (!httpEnabled) {
      commands.add("set " + HTTP_LISTENER + "=false");
    }
    return commands;
  }

  /**
   * Writes the command file into {@code folder} and returns the Payara Micro options that use it.
   */
  public List<String> payaraOptions(Path folder) throws IOException {
    Path file = folder.resolve(COMMAND_FILE);
    Files.writeString(file, String.join("\n", prebootCommands()) + "\n", StandardCharsets.UTF_8);
    return List.of(
        "--sslPort",
        Integer.toString(port),
        "--sslCert",
        keyAlias,
        "--prebootcommandfile",
        file.toString());
  }

  private static String value(Properties p, String key) {
    String v = p.getProperty(key);
    return v == null || v.isBlank() ? null : v.strip();
  }
}
