package org.jledger.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jledger up [-n N] [CONFIG.yaml]}: a whole local network with one command. */
@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description =
        "Start a local network: create it (first time) from CONFIG.yaml with fresh keys for the"
            + " nodes and the config's accounts, start every node, wait until all are ready and"
            + " print their API URLs. Ctrl-C or SIGTERM stops them all.")
final class UpCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = {"-n", "--nodes"},
      description = "Number of nodes (default: ${DEFAULT-VALUE}).",
      defaultValue = "3")
  int nodes;

  @Option(
      names = {"-o", "--output"},
      description =
          "Network folder (default: ${DEFAULT-VALUE}); an existing network there is started"
              + " again as it is.",
      defaultValue = "nodes")
  Path output;

  @Option(
      names = "--broker-port",
      description =
          "Port of the broker that up starts for several nodes (default: ${DEFAULT-VALUE}).",
      defaultValue = "61616")
  int brokerPort;

  @Option(names = "--fresh", description = "Delete an existing network folder first.")
  boolean fresh;

  @Option(
      names = "--ready-timeout",
      description = "Seconds to wait for the nodes (default: ${DEFAULT-VALUE}).",
      defaultValue = "300")
  int readyTimeout;

  @Parameters(
      paramLabel = "CONFIG.yaml",
      arity = "0..1",
      description = "Network config (default: config/node.yaml of this repository).")
  Path config;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Distribution dist = Distribution.locate();
    if (fresh) {
      Distribution.deleteRecursively(output);
    }
    List<Path> dirs = new ArrayList<>();
    String brokerUrl = "tcp://localhost:" + brokerPort;
    if (Files.isDirectory(output.resolve("node_0"))) {
      out.println("starting the existing network in " + output + " (use --fresh for a new one)");
      for (int i = 0; Files.isDirectory(output.resolve("node_" + i)); i++) {
        dirs.add(output.resolve("node_" + i));
      }
    } else {
      Path cfg = config != null ? config : dist.repository().resolve("config/node.yaml");
      var created =
          new NetworkLayout(new SecureRandom())
              .create(cfg, nodes, List.of(), output, true, nodes > 1 ? brokerUrl : null);
      out.println("created network " + created.genesisConfig().networkId() + " in " + output);
      for (var a : created.accounts()) {
        out.printf("  account %s  key %s (replaces %s)%n", a.address(), a.keyFile(), a.replaced());
      }
      created.nodes().forEach(n -> dirs.add(n.dir()));
    }
    List<NodeProcess> running = new ArrayList<>();
    Shutdown shutdown = new Shutdown(running);
    shutdown.install();
    org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ broker = null;
    if (dirs.size() > 1) {
      broker = BrokerCommand.start(brokerUrl, output.resolve("broker"));
      out.println("broker at " + brokerUrl);
    }
    for (Path dir : dirs) {
      Path log = dir.resolve("node.log");
      running.add(NodeProcess.start(dist, dir, log));
      out.println("started " + dir + " (log: " + log + ")");
    }
    out.flush();
    for (NodeProcess n : running) {
      if (!n.awaitReady(Duration.ofSeconds(readyTimeout))) {
        if (shutdown.isRequested()) {
          break;
        }
        spec.commandLine()
            .getErr()
            .println(
                "jledger: "
                    + n.name()
                    + " did not become ready; see "
                    + n.dir().resolve("node.log"));
        shutdown.stopAll();
        if (broker != null) {
          broker.stop();
        }
        return 1;
      }
    }
    if (!shutdown.isRequested()) {
      out.println("network ready:");
      for (NodeProcess n : running) {
        out.println("  " + n.name() + "  " + n.apiUrl());
      }
      out.println("press Ctrl-C to stop");
      out.flush();
    }
    while (!shutdown.isRequested() && running.stream().allMatch(NodeProcess::isAlive)) {
      Thread.sleep(500);
    }
    shutdown.stopAll();
    if (broker != null) {
      broker.stop();
    }
    out.println("network stopped");
    return 0;
  }
}
