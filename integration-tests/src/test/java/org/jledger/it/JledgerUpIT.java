package org.jledger.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The {@code jledger} command as a newcomer uses it: {@code up} creates and starts the
 * getting-started network (three nodes and a broker) and prints their URLs, {@code tx transfer
 * --wait} confirms a transfer, and SIGTERM stops everything, leaving no process behind.
 */
class JledgerUpIT {

  private final Path dir = Paths.get(System.getProperty("jledger.it.nodes")).resolve("up");

  private static ProcessBuilder jledger(String... args) {
    return JledgerProcess.of(args);
  }

  @Test
  void upStartsTheGettingStartedNetworkAndStopsItCleanly() throws Exception {
    PayaraMicroNode.deleteRecursively(dir);
    int brokerPort;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      brokerPort = s.getLocalPort();
    }
    Process up =
        jledger("up", "--fresh", "-o", dir.toString(), "--broker-port", String.valueOf(brokerPort))
            .start();
    List<String> lines = new CopyOnWriteArrayList<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(up.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l = r.readLine(); l != null; l = r.readLine()) {
                  lines.add(l);
                }
              } catch (IOException ignored) {
                // the process ended
              }
            });
    reader.start();
    try {
      Instant deadline = Instant.now().plus(Duration.ofSeconds(300));
      while (lines.stream().noneMatch(l -> l.equals("press Ctrl-C to stop"))) {
        assertThat(up.isAlive()).as("jledger up died: %s", lines).isTrue();
        assertThat(Instant.now()).as("not ready: %s", lines).isBefore(deadline);
        Thread.sleep(250);
      }
      String url =
          lines.stream()
              .filter(l -> l.contains("http://localhost:"))
              .findFirst()
              .orElseThrow()
              .replaceAll(".*(http://\\S+).*", "$1");
      Pattern account = Pattern.compile("account (\\S+)\\s+key (\\S+)");
      List<String[]> accounts = new ArrayList<>();
      for (String l : lines) {
        Matcher m = account.matcher(l);
        if (m.find()) {
          accounts.add(new String[] {m.group(1), m.group(2)});
        }
      }
      assertThat(accounts).hasSize(2);

      Process transfer =
          jledger(
                  "tx",
                  "transfer",
                  "--node",
                  url,
                  "--key",
                  accounts.get(0)[1],
                  "--to",
                  accounts.get(1)[0],
                  "--amount",
                  "10",
                  "--wait")
              .start();
      String out = new String(transfer.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(transfer.waitFor(90, TimeUnit.SECONDS)).isTrue();
      assertThat(transfer.exitValue()).as(out).isZero();
      assertThat(out).contains("confirmed at height 0");
      assertThat(lines.stream().filter(l -> l.contains("http://localhost:")).count()).isEqualTo(3);

      // two of the three validators (quorum 51) vote a fourth one in
      String newcomer = Consortium.key("newcomer").address().value();
      for (int v = 0; v < 2; v++) {
        Process approve =
            jledger(
                    "tx",
                    "validators",
                    "--node",
                    url,
                    "--key",
                    dir.resolve("node_" + v).resolve("node.key").toString(),
                    "--proposal",
                    "add-newcomer",
                    "--set",
                    newcomer + "=100",
                    "--wait")
                .start();
        String said = new String(approve.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(approve.waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(approve.exitValue()).as(said).isZero();
        assertThat(said).contains("confirmed at height");
      }
      NodeClient client = new NodeClient(uri -> java.net.URI.create(url + uri), () -> "");
      assertThat(NodeClient.json(client.get("/network")).getJsonArray("validators"))
          .hasSize(4)
          .anySatisfy(v -> assertThat(v.asJsonObject().getString("address")).isEqualTo(newcomer));
    } finally {
      up.toHandle().destroy(); // SIGTERM (Process.destroy would also close our end of its output)
      assertThat(up.waitFor(60, TimeUnit.SECONDS)).as("up stops on SIGTERM").isTrue();
      reader.join(5_000);
    }
    assertThat(up.exitValue()).as("%s", lines).isZero();
    assertThat(lines).contains("network stopped");
    assertThat(
            ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains(dir.toString())))
        .as("no node left running")
        .isEmpty();
    assertThat(dir.resolve("node_0/db")).exists();
  }
}
