package org.jledger.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import javax.security.auth.login.AppConfigurationEntry;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.SecurityConfiguration;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.spi.core.security.ActiveMQJAASSecurityManager;
import org.apache.activemq.artemis.spi.core.security.jaas.PropertiesLoginModule;
import org.apache.activemq.artemis.spi.core.security.jaas.TextFileCertificateLoginModule;

/**
 * TLS and logins for {@code jledger broker}: a TLS-only acceptor (plaintext clients are refused)
 * with the broker's certificate from a key store, optionally asking clients for certificates a
 * trust store vouches for; and logins by user and password ({@code user=password} lines, Artemis'
 * properties login) or by client certificate ({@code user=subject DN} lines, Artemis' text-file
 * certificate login). Every user who logs in is a node: it may send, consume and create non-durable
 * queues and addresses on {@code jledger.#}, and use temporary reply queues (random names).
 * Passwords of the stores come from environment variables, never from the command line, where other
 * users could read them.
 *
 * @param keyStore the broker's certificate and key (PKCS#12 or JKS); null for plain TCP
 * @param needClientAuth whether a client must present a certificate the trust store vouches for
 * @param users {@code user=password} lines, or null
 * @param certificateUsers {@code user=subject DN} lines (a DN between slashes is a regular
 *     expression), or null
 */
record BrokerSecurity(
    Path keyStore,
    String keyStorePassword,
    Path trustStore,
    String trustStorePassword,
    boolean needClientAuth,
    Path users,
    Path certificateUsers) {

  /** No TLS, no logins: a broker for a local network on one machine. */
  static final BrokerSecurity NONE = new BrokerSecurity(null, null, null, null, false, null, null);

  /** The one role every node has. */
  static final String NODE_ROLE = "node";

  BrokerSecurity {
    if (trustStore != null && keyStore == null) {
      throw new IllegalArgumentException("--trust-store needs --key-store (TLS)");
    }
    if (needClientAuth && trustStore == null) {
      throw new IllegalArgumentException(
          "--need-client-auth needs --trust-store, to check the clients' certificates");
    }
    if (certificateUsers != null && !needClientAuth) {
      throw new IllegalArgumentException("--certificate-users needs --need-client-auth");
    }
    if (keyStore != null && keyStorePassword == null) {
      throw new IllegalArgumentException("the key store's password is not in the environment");
    }
    if (trustStore != null && trustStorePassword == null) {
      throw new IllegalArgumentException("the trust store's password is not in the environment");
    }
    for (Path file : new Path[] {keyStore, trustStore, users, certificateUsers}) {
      if (file != null && !Files.isReadable(file)) {
        throw new IllegalArgumentException(file + ": no such readable file");
      }
    }
  }

  boolean loginsRequired() {
    return users != null || certificateUsers != null;
  }

  /** The acceptor URL: {@code url} with the TLS parameters (Artemis acceptors use {@code ;}). */
  String acceptor(String url) {
    if (keyStore == null) {
      return url;
    }
    Map<String, String> p = new LinkedHashMap<>();
    p.put("sslEnabled", "true");
    p.put("keyStorePath", keyStore.toAbsolutePath().toString());
    p.put("keyStorePassword", keyStorePassword);
    if (trustStore != null) {
      p.put("trustStorePath", trustStore.toAbsolutePath().toString());
      p.put("trustStorePassword", trustStorePassword);
    }
    if (needClientAuth) {
      p.put("needClientAuth", "true");
    }
    StringBuilder out = new StringBuilder(url);
    char separator = url.contains("?") ? ';' : '?';
    for (Map.Entry<String, String> e : p.entrySet()) {
      out.append(separator).append(e.getKey()).append('=').append(e.getValue());
      separator = ';';
    }
    return out.toString();
  }

  /**
   * Turns security on in {@code config} and returns the login modules, or returns null when no
   * logins are configured. The roles file, every user in the role {@code node}, is written to
   * {@code folder}.
   */
  ActiveMQJAASSecurityManager apply(Configuration config, Path folder) throws IOException {
    config.setSecurityEnabled(loginsRequired());
    if (!loginsRequired()) {
      return null;
    }
    config.putSecurityRoles("jledger.#", Set.of(nodeRole(true)));
    config.putSecurityRoles("#", Set.of(nodeRole(false)));
    Files.createDirectories(folder);
    ActiveMQJAASSecurityManager manager = new ActiveMQJAASSecurityManager();
    if (users != null) {
      Path roles = writeRoles(folder.resolve("user-roles.properties"), users);
      manager.setConfigurationName("jledger-users");
      manager.setConfiguration(
          modules(
              PropertiesLoginModule.class.getName(),
              Map.of(
                  "org.apache.activemq.jaas.properties.user", users.toAbsolutePath().toString(),
                  "org.apache.activemq.jaas.properties.role", roles.toString())));
    } else {
      manager.setConfigurationName("jledger-none");
      manager.setConfiguration(new SecurityConfiguration());
    }
    if (certificateUsers != null) {
      Path roles = writeRoles(folder.resolve("certificate-roles.properties"), certificateUsers);
      manager.setCertificateConfigurationName("jledger-certificates");
      manager.setCertificateConfiguration(
          modules(
              TextFileCertificateLoginModule.class.getName(),
              Map.of(
                  "org.apache.activemq.jaas.textfiledn.user",
                  certificateUsers.toAbsolutePath().toString(),
                  "org.apache.activemq.jaas.textfiledn.role",
                  roles.toString())));
    }
    return manager;
  }

  /**
   * What a node may do: on {@code jledger.#} send, consume and create addresses and queues (the
   * catch-up queue is durable); elsewhere, for temporary reply queues, the same without durable
   * queues. No user may delete durable queues or manage the broker.
   */
  private static Role nodeRole(boolean durable) {
    return new Role(NODE_ROLE, true, true, durable, false, true, true, false, false, true, false);
  }

  private static Path writeRoles(Path file, Path users) throws IOException {
    Properties lines = new Properties();
    try (InputStream in = Files.newInputStream(users)) {
      lines.load(in);
    }
    if (lines.isEmpty()) {
      throw new IllegalArgumentException(users + ": no users");
    }
    Set<String> names = new TreeSet<>(lines.stringPropertyNames());
    Files.writeString(file, NODE_ROLE + "=" + String.join(",", names) + "\n");
    return file;
  }

  private static SecurityConfiguration modules(String module, Map<String, String> options) {
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
}
