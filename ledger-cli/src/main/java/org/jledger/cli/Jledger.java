package org.jledger.cli;

import java.io.PrintWriter;
import org.jledger.LedgerException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code jledger} command: create networks, run nodes, manage keys, send transactions. */
@Command(
    name = "jledger",
    mixinStandardHelpOptions = true,
    version = "jledger 0.1.0",
    description = "JLedger: a permissioned blockchain on Jakarta EE.",
    subcommands = {
      NewCommand.class,
      RunCommand.class,
      UpCommand.class,
      BrokerCommand.class,
      KeysCommand.class,
      CaCommand.class,
      TxCommand.class,
      BenchCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Jledger implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line with JLedger's error handling: a clear message, no stack trace. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Jledger());
    cli.setExecutionExceptionHandler(Jledger::handle);
    return cli;
  }

  private static int handle(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
    PrintWriter err = cli.getErr();
    if (e instanceof LedgerException
        || e instanceof IllegalArgumentException
        || e instanceof java.io.IOException
        || e instanceof CliException) {
      err.println("jledger: " + message(e));
      return 2;
    }
    err.println("jledger: unexpected error: " + e);
    if (System.getenv("JLEDGER_DEBUG") != null) {
      e.printStackTrace(err);
    } else {
      err.println("(set JLEDGER_DEBUG=1 for the stack trace)");
    }
    return 1;
  }

  private static String message(Exception e) {
    if (e instanceof java.nio.file.NoSuchFileException) {
      return e.getMessage() + ": no such file";
    }
    if (e instanceof java.nio.file.FileAlreadyExistsException) {
      return e.getMessage() + ": already exists";
    }
    return e.getMessage();
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
