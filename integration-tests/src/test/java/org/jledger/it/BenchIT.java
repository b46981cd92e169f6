package org.jledger.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
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

  private final Path benchDir = Paths.get(System.getProperty("jledger.it.nodes")).resolve("bench");

  @Test
  void aShortBenchmarkConfirmsEverythingAndReportsItsFigures() throws Exception {
    JsonObject result = run(benchDir);
    assertThat(result.getString("database")).isEqualTo("derby");
    assertThat(result.getInt("batch")).as("several transactions a request").isEqualTo(100);
  }

  /** With --postgres the node keeps its chain in a PostgreSQL database of its own. */
  @Test
  void onPostgresTheNodesKeepTheirChainsThere() throws Exception {
    String url = System.getProperty("jledger.it.pg.url");
    String user = System.getProperty("jledger.it.pg.user");
    String password = System.getProperty("jledger.it.pg.password", "");
    String admin =
        url
            + (url.contains("?") ? "&" : "?")
            + "user="
            + user
            + (password.isEmpty() ? "" : "&password=" + password);
    Path pgDir = benchDir.resolveSibling("bench-postgres");
    // and each transaction alone (POST /transaction)
    JsonObject result = run(pgDir, "--postgres", admin, "--batch", "1");
    assertThat(result.getString("database")).isEqualTo("postgresql");
    assertThat(result.getInt("batch")).isEqualTo(1);
    String nodeDb = url.substring(0, url.lastIndexOf('/') + 1) + "jledger_bench_node_0";
    try (Connection c = DriverManager.getConnection(nodeDb, user, password);
        Statement s = c.createStatement();
        ResultSet blocks = s.executeQuery("SELECT COUNT(*) FROM jledger_block")) {
      assertThat(blocks.next()).isTrue();
      assertThat(blocks.getLong(1)).as("blocks stored in PostgreSQL").isGreaterThan(1);
    }
    assertThat(pgDir.resolve("network/node_0/db")).as("no Derby database").doesNotExist();
    try (Connection c = DriverManager.getConnection(admin);
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE jledger_bench_node_0");
    }
  }

  /** Runs a short benchmark into {@code out} and checks what every run must show. */
  private static JsonObject run(Path dir, String... more) throws Exception {
    PayaraMicroNode.deleteRecursively(dir);
    List<String> command =
        new ArrayList<>(
            List.of(
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
                "--warmup-max",
                "4",
                "--warmup-jit",
                "0",
                "--ceiling-seconds",
                "1",
                "-o",
                dir.toString()));
    command.addAll(List.of(more));
    Process bench = JledgerProcess.of(command.toArray(String[]::new)).start();
    String out = new String(bench.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(bench.waitFor(300, TimeUnit.SECONDS)).as(out).isTrue();
    System.out.println(out);
    assertThat(bench.exitValue()).as(out).isZero();

    // the warm-up runs at half --rate (20), for --warmup seconds, and on while the node's compilers
    // use more than --warmup-jit of a core (here: at all), until --warmup-max
    assertThat(
            out.lines()
                .filter(l -> l.equals("warm-up: 20 pre-signed transfers, up to 2 s (not counted)")))
        .hasSize(2);
    assertThat(out).containsPattern("warm-up .* JIT at most [0-9]+%");
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
      // what was sent, beside what was offered: they part when --max-in-flight holds sends back
      assertThat(phase.getJsonNumber("sent_tps").doubleValue()).as(phase.toString()).isPositive();
      assertThat(phase.getInt("confirmed"))
          .as(phase.toString())
          .isEqualTo(phase.getInt("submitted"));
      assertThat(phase.getInt("lost")).isZero();
      assertThat(phase.getInt("rejected")).isZero();
      assertThat(phase.getJsonArray("nodes")).hasSize(1);
      JsonObject node = phase.getJsonArray("nodes").getJsonObject(0);
      double cpu = node.getJsonNumber("cpu_percent").doubleValue();
      double jit = node.getJsonNumber("jit_cpu_percent").doubleValue();
      double gc = node.getJsonNumber("gc_cpu_percent").doubleValue();
      assertThat(jit).as("the node's JIT, " + node).isNotNegative();
      assertThat(gc).as("the node's collector, " + node).isNotNegative();
      assertThat(jit + gc).as(node.toString()).isLessThanOrEqualTo(cpu + 0.01);
      // the command's own process shares the machine: the load, and the broker it started
      JsonObject generator = phase.getJsonObject("load_generator");
      assertThat(generator.getString("name")).isEqualTo("load generator and broker");
      assertThat(generator.getJsonNumber("cpu_percent").doubleValue())
          .as(generator.toString())
          .isPositive();
    }
    assertThat(out).containsPattern("load generator and broker: CPU [0-9]+% of a core");
    assertThat(out).containsPattern("rate 20 +offered +20\\.0/s +sent +[0-9.]+/s +committed");
    assertThat(result.getJsonNumber("ceiling_tps").doubleValue()).isPositive();
    assertThat(Files.size(dir.resolve("bench-latency.png"))).isPositive();
    assertThat(
            ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains(dir.toString())))
        .as("no node left running")
        .isEmpty();
    return result;
  }
}
