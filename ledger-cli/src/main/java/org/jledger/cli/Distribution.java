package org.jledger.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Where the launcher finds Payara Micro and the node's WAR: {@code $JLEDGER_HOME} (the system
 * property {@code jledger.home}, set by the {@code jledger} script to {@code
 * ledger-cli/target/jledger}), holding {@code payara-micro.jar} and {@code ledger.war}.
 */
record Distribution(Path home) {

  /**
   * JVM options of node processes: small and quick to start by default (C1 only, serial GC); {@code
   * JLEDGER_NODE_JVM_OPTS} replaces them (use the optimising JIT for benchmarks).
   */
  static final String DEFAULT_JVM_OPTIONS = "-Xmx384m -XX:+UseSerialGC -XX:TieredStopAtLevel=1";

  static Distribution locate() {
    String home = System.getProperty("jledger.home");
    if (home == null) {
      throw new CliException(
          "jledger.home is not set; run the jledger script at the repository root");
    }
    Distribution d = new Distribution(Path.of(home).toAbsolutePath().normalize());
    for (Path p : List.of(d.payaraMicro(), d.war())) {
      if (!Files.isRegularFile(p)) {
        throw new CliException(p + " is missing; rebuild with JLEDGER_REBUILD=1 ./jledger ...");
      }
    }
    return d;
  }

  /**
   * The repository the distribution was built in ({@code home} is {@code
   * ledger-cli/target/jledger}).
   */
  Path repository() {
    return home.toAbsolutePath().getParent().getParent().getParent();
  }

  Path payaraMicro() {
    return home.resolve("payara-micro.jar");
  }

  Path war() {
    return home.resolve("ledger.war");
  }

  List<String> jvmOptions() {
    return jvmOptions("JLEDGER_NODE_JVM_OPTS", DEFAULT_JVM_OPTIONS);
  }

  /** The JVM options a node gets: the environment variable's, or {@code defaults}. */
  static List<String> jvmOptions(String environmentVariable, String defaults) {
    String opts = System.getenv().getOrDefault(environmentVariable, defaults);
    return Arrays.stream(opts.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
  }

  /** Deletes a folder and everything in it; nothing happens if it does not exist. */
  static void deleteRecursively(Path path) throws IOException {
    if (Files.exists(path)) {
      try (var all = Files.walk(path)) {
        all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
