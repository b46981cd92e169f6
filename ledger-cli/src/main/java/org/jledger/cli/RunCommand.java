package org.jledger.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code jledger run [NODE_DIR]}: one node on Payara Micro, in the foreground. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description =
        "Run the node of a folder made by jledger new on Payara Micro, in the foreground with its"
            + " log on the console. Ctrl-C stops it after the round in flight; a second Ctrl-C"
            + " stops it at once.")
final class RunCommand implements Callable<Integer> {

  @Parameters(
      paramLabel = "NODE_DIR",
      defaultValue = ".",
      description = "The node folder (default: the current folder).")
  Path dir;

  @Override
  public Integer call() throws Exception {
    NodeProcess node = NodeProcess.start(Distribution.locate(), dir, null);
    Shutdown shutdown = new Shutdown(List.of(node));
    shutdown.install();
    int code = node.process().waitFor();
    return shutdown.isRequested() ? 0 : code;
  }
}
