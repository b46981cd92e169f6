package org.jledger.cli;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import org.jledger.crypto.KeyFile;
import org.jledger.crypto.SigningKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jledger keys new}: make a signing key. */
@Command(
    name = "keys",
    description = "Manage signing keys.",
    subcommands = {KeysCommand.New.class, KeysCommand.Show.class})
final class KeysCommand {

  @Command(
      name = "new",
      mixinStandardHelpOptions = true,
      description =
          "Write a new Ed25519 key file (hex seed, readable by its owner only) and print its"
              + " address and verifying key.")
  static final class New implements Callable<Integer> {

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(
        names = {"-o", "--output"},
        description = "Key file to write (default: ${DEFAULT-VALUE}); never overwritten.",
        defaultValue = "jledger.key")
    Path output;

    @Override
    public Integer call() throws Exception {
      SigningKey key = SigningKey.generate(new SecureRandom());
      KeyFile.write(output, key);
      var out = spec.commandLine().getOut();
      out.println("key file:      " + output);
      out.println("address:       " + key.address());
      out.println("verifying key: " + key.verifyingKey().hex());
      return 0;
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Print the address of a key file (with --verbose, also its verifying key).")
  static final class Show implements Callable<Integer> {

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @picocli.CommandLine.Parameters(paramLabel = "KEY_FILE")
    Path file;

    @Option(names = "--verbose", description = "Also print the verifying key.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
      SigningKey key = KeyFile.read(file);
      var out = spec.commandLine().getOut();
      out.println(key.address());
      if (verbose) {
        out.println(key.verifyingKey().hex());
      }
      return 0;
    }
  }
}
