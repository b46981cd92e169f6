package org.jledger.cli;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jledger new -n N [--host H]... [-o DIR] CONFIG.yaml}. */
@Command(
    name = "new",
    mixinStandardHelpOptions = true,
    description =
        "Create the folders of a new network from a Plug network config: DIR/node_0 .. node_N-1,"
            + " each with its signing key, node.properties and the shared genesis.")
final class NewCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = {"-n", "--nodes"},
      description = "Number of nodes (default: ${DEFAULT-VALUE}).",
      defaultValue = "1")
  int nodes;

  @Option(
      names = "--host",
      description = "Host of each node, one per node (default: localhost for all).")
  List<String> hosts = new ArrayList<>();

  @Option(
      names = {"-o", "--output"},
      description = "Folder to create (default: ${DEFAULT-VALUE}).",
      defaultValue = "nodes")
  Path output;

  @Option(
      names = "--fresh-accounts",
      description =
          "Replace every address in the config's initial state (except validators) by the"
              + " address of a new key, written to DIR/accounts/.")
  boolean freshAccounts;

  @Option(
      names = "--broker",
      description =
          "The Artemis broker URL the nodes talk through (required for more than one node;"
              + " default for several nodes: ${DEFAULT-VALUE}).",
      defaultValue = "tcp://localhost:61616")
  String broker;

  @Parameters(paramLabel = "CONFIG.yaml", description = "The network config (Plug YAML).")
  Path config;

  @Override
  public Integer call() throws Exception {
    var created =
        new NetworkLayout(new SecureRandom())
            .create(config, nodes, hosts, output, freshAccounts, nodes > 1 ? broker : null);
    var out = spec.commandLine().getOut();
    out.println("network " + created.genesisConfig().networkId());
    out.println("genesis state hash " + created.genesis().hash());
    for (var node : created.nodes()) {
      out.printf(
          "%s  %s  validator %s  %s%n", node.name(), node.dir(), node.address(), node.apiUrl());
    }
    for (var account : created.accounts()) {
      out.printf(
          "account %s replaces %s, key %s%n",
          account.address(), account.replaced(), account.keyFile());
    }
    return 0;
  }
}
