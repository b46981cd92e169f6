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
import picocli.CommandLine.Spec;
import sun.misc.Signal;

/** {@code jledger broker}: an ActiveMQ Artemis broker for a local or test network. */
@Command(
    name = "broker",
    mixinStandardHelpOptions = true,
    description =
        "Run an ActiveMQ Artemis broker in the foreground, its data in a folder, until Ctrl-C or"
            + " SIGTERM. Production networks use an existing Artemis broker or cluster instead.")
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

  @Override
  public Integer call() throws Exception {
    EmbeddedActiveMQ broker = start(url, data);
    var out = spec.commandLine().getOut();
    out.println("broker ready at " + url + " (data in " + data + ")");
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
    Configuration config =
        new ConfigurationImpl()
            .setPersistenceEnabled(true)
            .setJournalDirectory(data.resolve("journal").toString())
            .setBindingsDirectory(data.resolve("bindings").toString())
            .setLargeMessagesDirectory(data.resolve("large").toString())
            .setPagingDirectory(data.resolve("paging").toString())
            .setSecurityEnabled(false)
            .addAcceptorConfiguration("main", url);
    config.addAddressSetting(
        "#",
        new AddressSettings()
            .setAutoCreateAddresses(true)
            .setAutoCreateQueues(true)
            .setMaxSizeBytes(64L * 1024 * 1024));
    EmbeddedActiveMQ broker = new EmbeddedActiveMQ().setConfiguration(config);
    broker.start();
    return broker;
  }
}
