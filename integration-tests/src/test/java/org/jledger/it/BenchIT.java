package org.jledger.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jledger.encoding.CanonicalJson;
import org.junit.jupiter.api.Test;

/**
 * A short run of {@code jledger bench} on one node, so the harness keeps working: it must confirm
 * every transaction it sends, write its JSON and chart, and end with the three summary lines. No
 * timing is asserted.
 */
class BenchIT {

  private final Path dir = Paths.get(System.getProperty("jledger.it.nodes")).resolve("bench");

  @Test
  void aShortBenchmarkConfirmsEverythingAndReportsItsFigures() throws Exception {
    PayaraMicroNode.deleteRecursively(dir);
    Process bench =
        JledgerProcess.of(
                "bench",
                "--nodes",
                "1",
                "--duration",
                "4",
                "--rate",
                "20",
                "--accounts",
                "50",
                "--warmup",
                "2",
                "--ceiling-seconds",
                "1",
                "-o",
                dir.toString())
            .start();
    String out = new String(bench.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(bench.waitFor(300, TimeUnit.SECONDS)).as(out).isTrue();
    System.out.println(out);
    assertThat(bench.exitValue()).as(out).isZero();

    // the warm-up runs at half --rate (20), for --warmup seconds
    assertThat(out).contains("warm-up: 20 pre-signed transfers, up to 2 s (not counted)");
    List<String> lines = out.strip().lines().toList();
    assertThat(lines.subList(lines.size() - 3, lines.size()))
        .satisfiesExactly(
            l -> assertThat(l).matches("committed_tps: [0-9.]+"),
            l -> assertThat(l).matches("ceiling_tps: [0-9.]+"),
            l -> assertThat(l).matches("efficiency: [0-9.]+"));

    // figures are decimals, which the ledger's canonical JSON refuses: read it as plain JSON
    JsonObject result =
        CanonicalJson.PROVIDER
            .createReader(new StringReader(Files.readString(dir.resolve("bench-result.json"))))
            .readObject();
    assertThat(result.getJsonArray("phases")).as("the warm-up is not a phase").hasSize(3);
    for (JsonObject phase : result.getJsonArray("phases").getValuesAs(JsonObject.class)) {
      assertThat(phase.getInt("submitted")).as(phase.toString()).isPositive();
      assertThat(phase.getInt("confirmed"))
          .as(phase.toString())
          .isEqualTo(phase.getInt("submitted"));
      assertThat(phase.getInt("lost")).isZero();
      assertThat(phase.getInt("rejected")).isZero();
      assertThat(phase.getJsonArray("nodes")).hasSize(1);
    }
    assertThat(result.getJsonNumber("ceiling_tps").doubleValue()).isPositive();
    assertThat(Files.size(dir.resolve("bench-latency.png"))).isPositive();
    assertThat(
            ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains(dir.toString())))
        .as("no node left running")
        .isEmpty();
  }
}
