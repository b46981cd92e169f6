package org.jledger.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

/** {@code jledger broker}: an ActiveMQ Artemis broker for a local or test network. */
@Command(
    name = "broker",
    mixinStandardHelpOptions = true,
    description =
        "Run an ActiveMQ Artemis broker in the foreground, its data in a folder, until Ctrl-C or"
            + " SIGTERM; with --key-store it speaks TLS only, with --users or --certificate-users"
            + " it lets in only those nodes. Production networks use an existing Artemis broker or"
            + " cluster instead.")
final class BrokerCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--url",
      description = "Where to listen (default: ${DEFAULT-VALUE}).",
      defaultValue = "tcp://localhost:61616")
  String url;

  @Option(
      names = {"-d", "--data"},
      description = "Data folder (default: ${DEFAULT-VALUE}).",
      defaultValue = "broker-data")
  Path data;

  @Option(
      names = "--key-store",
      paramLabel = "FILE",
      description =
          "The broker's certificate and key (PKCS#12 or JKS): the broker then speaks TLS only and"
              + " refuses plaintext clients. Its password is read from the environment variable"
              + " named by --key-store-password-env.")
  Path keyStore;

  @Option(
      names = "--key-store-password-env",
      paramLabel = "NAME",
      description =
          "Environment variable holding the key store's password (default: ${DEFAULT-VALUE}).",
      defaultValue = "JLEDGER_BROKER_KEY_STORE_PASSWORD")
  String keyStorePasswordEnv;

  @Option(
      names = "--trust-store",
      paramLabel = "FILE",
      description =
          "Certificates (or their CA) of the clients that may present one, for --need-client-auth.")
  Path trustStore;

  @Option(
      names = "--trust-store-password-env",
      paramLabel = "NAME",
      description =
          "Environment variable holding the trust store's password (default: ${DEFAULT-VALUE}).",
      defaultValue = "JLEDGER_BROKER_TRUST_STORE_PASSWORD")
  String trustStorePasswordEnv;

  @Option(
      names = "--need-client-auth",
      description = "Refuse TLS clients without a certificate the trust store vouches for.")
  boolean needClientAuth;

  @Option(
      names = "--users",
      paramLabel = "FILE",
      description =
          "Log in by user and password: a properties file of user=password lines (Artemis'"
              + " properties login; ENC(...) hashes work too). Every user is a node.")
  Path users;

  @Option(
      names = "--certificate-users",
      paramLabel = "FILE",
      description =
          "Log in by client certificate: a properties file of user=subject DN lines, e.g."
              + " node-1=CN=node-1, O=Bank (a DN between slashes is a regular expression)."
              + " Needs --need-client-auth.")
  Path certificateUsers;

  @Override
  public Integer call() throws Exception {
    BrokerSecurity security;
    try {
      security =
          new BrokerSecurity(
              keyStore,
              keyStore == null ? null : System.getenv(keyStorePasswordEnv),
              trustStore,
              trustStore == null ? null : System.getenv(trustStorePasswordEnv),
              needClientAuth,
              users,
              certificateUsers);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    EmbeddedActiveMQ broker = start(url, data, security);
    var out = spec.commandLine().getOut();
    out.println(
        "broker ready at "
            + url
            + (keyStore == null
                ? ""
                : " (TLS only" + (needClientAuth ? ", client certificates" : "") + ")")
            + (security.loginsRequired() ? " with logins" : "")
            + " (data in "
            + data
            + ")");
    out.flush();
    CountDownLatch stop = new CountDownLatch(1);
    Signal.handle(new Signal("INT"), s -> stop.countDown());
    Signal.handle(new Signal("TERM"), s -> stop.countDown());
    stop.await();
    Thread stopper =
        new Thread(
            () -> {
              try {
                broker.stop();
              } catch (Exception e) {
                // halted below if it does not stop in time
              }
            });
    stopper.start();
    stopper.join(10_000);
    out.println("broker stopped");
    out.flush();
    return 0;
  }

  /**
   * Starts an embedded broker: persistent journal in {@code data}, no security, auto-created
   * destinations.
   */
  static EmbeddedActiveMQ start(String url, Path data) throws Exception {
    return start(url, data, BrokerSecurity.NONE);
  }

  /** Starts an embedded broker as {@link #start(String, Path)} does, with TLS and logins. */
  static EmbeddedActiveMQ start(String url, Path data, BrokerSecurity security) throws Exception {
    Configuration config =
        new ConfigurationImpl()
            .setPersistenceEnabled(true)
            .setJournalDirectory(data.resolve("journal").toString())
            .setBindingsDirectory(data.resolve("bindings").toString())
            .setLargeMessagesDirectory(data.resolve("large").toString())
            .setPagingDirectory(data.resolve("paging").toString())
            .addAcceptorConfiguration("main", security.acceptor(url));
    config.addAddressSetting(
        "#",
        new AddressSettings()
            .setAutoCreateAddresses(true)
            .setAutoCreateQueues(true)
            .setMaxSizeBytes(64L * 1024 * 1024));
    EmbeddedActiveMQ broker = new EmbeddedActiveMQ().setConfiguration(config);
    var logins = security.apply(config, data.resolve("security"));
    if (logins != null) {
      broker.setSecurityManager(logins);
    }
    broker.start();
    return broker;
  }
}
