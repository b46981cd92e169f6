package org.jledger.network.jms;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jledger.InvalidInputException;

/**
 * How a node reaches its Artemis broker: the broker URL ({@code tcp://host:port}, or any Artemis
 * connector URL, e.g. a cluster's {@code (tcp://a:61616,tcp://b:61616)?ha=true}), user and
 * password, and TLS: a trust store to check the broker's certificate and, for certificate login, a
 * key store. With a trust store the broker's certificate must also name the URL's host ({@code
 * verifyHost}, unless the URL sets it). Without a trust store the URL's own parameters decide
 * (plain TCP unless it says {@code sslEnabled=true}).
 *
 * @param trustStore path of a PKCS#12 or JKS trust store, or null
 * @param keyStore path of a key store holding the node's client certificate, or null
 */
public record BrokerConnection(
    String url,
    String user,
    String password,
    String trustStore,
    String trustStorePassword,
    String keyStore,
    String keyStorePassword) {

  public BrokerConnection {
    if (url == null || url.isBlank()) {
      throw new InvalidInputException("invalid_config", "the broker URL is empty");
    }
    if (keyStore != null && trustStore == null) {
      throw new InvalidInputException(
          "invalid_config", "a broker key store needs a trust store too (TLS)");
    }
  }

  /** A plain connection with user and password (either may be null). */
  public static BrokerConnection plain(String url, String user, String password) {
    return new BrokerConnection(url, user, password, null, null, null, null);
  }

  /**
   * The connector URL: the configured one with the TLS settings added and, unless it sets its own,
   * reconnection for ever (every 500 ms), so a node outlives broker restarts. The first connection
   * is tried once: a broker that is down or refuses the node is reported at once, and the node
   * tries again later itself (a connector that retried for ever would hide why it waits).
   */
  public String connectorUrl() {
    Map<String, String> params = new LinkedHashMap<>();
    if (trustStore != null) {
      params.put("sslEnabled", "true");
      if (!url.contains("verifyHost")) {
        params.put("verifyHost", "true");
      }
      params.put("trustStorePath", trustStore);
      if (trustStorePassword != null) {
        params.put("trustStorePassword", trustStorePassword);
      }
      if (keyStore != null) {
        params.put("keyStorePath", keyStore);
        if (keyStorePassword != null) {
          params.put("keyStorePassword", keyStorePassword);
        }
      }
    }
    if (!url.contains("reconnectAttempts")) {
      params.put("reconnectAttempts", "-1");
      params.put("retryInterval", "500");
      params.put("initialConnectAttempts", "1");
    }
    StringBuilder out = new StringBuilder(url.strip());
    char separator = url.contains("?") ? '&' : '?';
    for (Map.Entry<String, String> p : params.entrySet()) {
      out.append(separator)
          .append(p.getKey())
          .append('=')
          .append(URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8));
      separator = '&';
    }
    return out.toString();
  }

  /**
   * {@code text} with every password of this connection hidden, as given and as it appears in the
   * connector URL, for messages that come back from the broker client.
   */
  public String redact(String text) {
    String out = text;
    for (String secret : new String[] {password, trustStorePassword, keyStorePassword}) {
      if (secret != null && !secret.isEmpty()) {
        out = out.replace(secret, "***");
        out = out.replace(URLEncoder.encode(secret, StandardCharsets.UTF_8), "***");
      }
    }
    return out.replaceAll("(?i)(password=)[^&;,\\s]*", "$1***");
  }

  /** The URL without passwords, for logs. */
  @Override
  public String toString() {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1***")
        + (trustStore == null ? "" : " (TLS, trust store " + trustStore + ")")
        + (user == null ? "" : " as " + user);
  }
}
