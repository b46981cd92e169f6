package org.jledger.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code jledger} script at the repository's root builds the distribution when a source
 * changed, and only then. Run in a copy of the layout with {@code mvn} and {@code java} stand-ins
 * that note their calls.
 */
class JledgerScriptTest {

  @TempDir Path root;

  @Test
  void buildsWhenASourceChangedAndNotAgainUntilOneDoes() throws Exception {
    Files.copy(Path.of("..", "jledger"), root.resolve("jledger"));
    Path dist = root.resolve("ledger-cli/target/jledger");
    Files.createDirectories(dist.resolve("lib"));
    Path jar = dist.resolve("lib/ledger-cli.jar");
    for (Path p : List.of(jar, dist.resolve("ledger.war"), dist.resolve("payara-micro.jar"))) {
      Files.writeString(p, "");
    }
    Path source = root.resolve("ledger-ejb/src/main/java/Some.java");
    Files.createDirectories(source.getParent());
    Files.writeString(source, "");
    // a source newer than the jar, as after editing one outside the command's own module: Maven
    // rebuilds the war but leaves the command's jar as it was
    Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minusSeconds(60)));
    Path bin = root.resolve("bin");
    Files.createDirectories(bin);
    Path calls = root.resolve("calls");
    for (String tool : Set.of("mvn", "java")) {
      Path stub = bin.resolve(tool);
      Files.writeString(stub, "#!/bin/sh\necho " + tool + " >> " + calls + "\n");
      Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    run(bin);
    run(bin);
    assertThat(Files.readAllLines(calls)).containsExactly("mvn", "java", "java");

    Files.setLastModifiedTime(source, FileTime.from(Instant.now().plusSeconds(5)));
    run(bin);
    assertThat(Files.readAllLines(calls)).containsExactly("mvn", "java", "java", "mvn", "java");
  }

  private void run(Path bin) throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder("bash", root.resolve("jledger").toString(), "--version")
            .redirectErrorStream(true);
    pb.environment().put("PATH", bin + ":/usr/bin:/bin");
    pb.environment().remove("JLEDGER_REBUILD");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as(out).isZero();
  }
}
