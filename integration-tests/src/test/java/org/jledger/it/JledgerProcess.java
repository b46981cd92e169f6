package org.jledger.it;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/** The {@code jledger} command of the built distribution, as a process to start. */
final class JledgerProcess {

  private JledgerProcess() {}

  /** {@code jledger ARGS...}, output and errors merged. */
  static ProcessBuilder of(String... args) {
    Path home = Paths.get(System.getProperty("jledger.it.cli-home"));
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Djledger.home=" + home);
    command.add("-cp");
    command.add(home.resolve("lib") + "/*");
    command.add("org.jledger.cli.Jledger");
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectErrorStream(true);
  }
}
