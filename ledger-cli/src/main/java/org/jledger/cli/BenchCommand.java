package org.jledger.cli;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.jledger.config.NetworkConfig;
import org.jledger.crypto.SigningKey;
import org.jledger.encoding.CanonicalJson;
import org.jledger.encoding.Hash;
import org.jledger.transaction.Transaction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jledger bench}: committed transactions per second and finality latency of a network, and
 * the machine's ceiling in the same run.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Benchmark a network: start N nodes (or drive --target nodes), fund --accounts accounts in"
          + " genesis, pre-sign transfers between them and send them open-loop at half and all of"
          + " --rate, then at saturation, spread over the nodes. Prints committed transactions per"
          + " second, finality latency (submit to confirmed: p50, p95, p99), rejected and lost"
          + " transactions, blocks per second and each node's CPU and memory; then the ceiling"
          + " (the per-transaction work every node does, on all cores) and the efficiency.",
      "Writes bench-result.json and bench-latency.png into --output."
    })
final class BenchCommand implements Callable<Integer> {

  private static final String WARMUP = "warm-up";

  /** The phase that sends as fast as {@code --max-in-flight} allows. */
  private static final String SATURATION = "saturation";

  /** Seconds of each further warm-up slice, while the nodes' compilers are still busy. */
  static final int WARMUP_SLICE_SECONDS = 30;

  /** Most transactions a node takes in one {@code POST /transactions}. */
  static final int MAX_BATCH = 1000;

  /**
   * The JVM options of benchmark nodes: the optimising JIT with its default thresholds, unlike the
   * quick-start defaults. With thresholds three times the default (which the benchmark once used),
   * nodes that had warmed up for five minutes saturated no higher and took two to four times longer
   * to confirm below saturation (README, tenth round).
   */
  static final String BENCH_JVM_OPTIONS = "-Xms256m -Xmx384m -XX:+UseSerialGC";

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = {"-n", "--nodes"},
      description = "Nodes to start (default: ${DEFAULT-VALUE}).",
      defaultValue = "4")
  int nodes;

  @Option(
      names = "--duration",
      description = "Seconds of each phase (default: ${DEFAULT-VALUE}).",
      defaultValue = "60")
  int duration;

  @Option(
      names = "--rate",
      description = "Offered transactions per second (default: ${DEFAULT-VALUE}).",
      defaultValue = "1000")
  int rate;

  @Option(
      names = "--target",
      split = ",",
      description =
          "API URLs of running nodes to drive instead of starting a network; their genesis must"
              + " come from jledger bench (same --accounts), e.g. a kept -o folder.")
  List<String> targets;

  @Option(
      names = "--accounts",
      description = "Funded accounts in genesis (default: ${DEFAULT-VALUE}).",
      defaultValue = "10000")
  int accounts;

  @Option(
      names = "--max-block-size",
      description = "Transactions per block (default: ${DEFAULT-VALUE}).",
      defaultValue = "2000")
  int maxBlockSize;

  @Option(
      names = "--refresh-window",
      description = "Least time between blocks, ISO-8601 (default: ${DEFAULT-VALUE}).",
      defaultValue = "PT0.2S")
  String refreshWindow;

  @Option(
      names = "--max-in-flight",
      description = "Transactions sent and not yet answered, at most (default: ${DEFAULT-VALUE}).",
      defaultValue = "1000")
  int maxInFlight;

  @Option(
      names = "--batch",
      description =
          "Transactions in one request at most (default: ${DEFAULT-VALUE}): 1 sends each alone"
              + " (POST /transaction); more send those due within --batch-window together (POST"
              + " /transactions). At most --max-in-flight.",
      defaultValue = "100")
  int batch;

  @Option(
      names = "--batch-window",
      paramLabel = "MILLISECONDS",
      description =
          "Least time between two sends at an offered rate when --batch is more than 1"
              + " (default: ${DEFAULT-VALUE}); latency counts from when a transaction fell due,"
              + " so this wait is in it.",
      defaultValue = "50")
  int batchWindow;

  @Option(
      names = "--saturation-window",
      description =
          "At saturation, transactions sent and not yet confirmed at most (default:"
              + " ${DEFAULT-VALUE}): enough to fill two blocks, while the nodes' pools hold them all.",
      defaultValue = "4000")
  int saturationWindow;

  @Option(
      names = "--warmup",
      description =
          "Least seconds of load at half --rate before the measured phases, not counted"
              + " (default: ${DEFAULT-VALUE}). The nodes' JIT compilers keep a core busy for"
              + " minutes after a start: the warm-up goes on, "
              + WARMUP_SLICE_SECONDS
              + " s at a time, while a started node's compilers used more than --warmup-jit.",
      defaultValue = "60")
  int warmup;

  @Option(
      names = "--warmup-jit",
      paramLabel = "PERCENT",
      description =
          "Percent of a core a node's JIT compilers may use in a warm-up slice for the"
              + " warm-up to end (default: ${DEFAULT-VALUE}).",
      defaultValue = "6")
  double warmupJit;

  @Option(
      names = "--warmup-max",
      description = "Most seconds of warm-up in all (default: ${DEFAULT-VALUE}).",
      defaultValue = "300")
  int warmupMax;

  @Option(names = "--no-saturation", description = "Skip the saturation phase.")
  boolean noSaturation;

  @Option(
      names = "--ceiling-seconds",
      description = "Seconds of the ceiling measurement (default: ${DEFAULT-VALUE}).",
      defaultValue = "10")
  double ceilingSeconds;

  @Option(
      names = {"-o", "--output"},
      description = "Folder for the network and the results (default: ${DEFAULT-VALUE}).",
      defaultValue = "bench")
  Path output;

  @Option(
      names = "--postgres",
      paramLabel = "JDBC_URL",
      description =
          "Run the started nodes on PostgreSQL instead of embedded Derby: through this URL of an"
              + " existing database (with ?user=... if needed), a database jledger_bench_node_N is"
              + " created for each node, dropped first if it exists. E.g."
              + " jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres")
  String postgres;

  @Option(
      names = "--ready-timeout",
      description = "Seconds to wait for the nodes (default: ${DEFAULT-VALUE}).",
      defaultValue = "300")
  int readyTimeout;

  @Override
  public Integer call() throws Exception {
    if (postgres != null && targets != null && !targets.isEmpty()) {
      throw new CliException(
          "--postgres sets up the nodes this command starts; with --target they run already");
    }
    if (batch < 1 || batch > maxInFlight || batch > MAX_BATCH) {
      throw new CliException(
          "--batch must be from 1 to --max-in-flight ("
              + maxInFlight
              + ") and at most "
              + MAX_BATCH
              + ", got "
              + batch);
    }
    if (saturationWindow < batch) {
      throw new CliException(
          "--saturation-window must be at least --batch (" + batch + "), got " + saturationWindow);
    }
    if (batchWindow < 0) {
      throw new CliException("--batch-window must be 0 or more milliseconds, got " + batchWindow);
    }
    PrintWriter out = spec.commandLine().getOut();
    List<SigningKey> keys = accountKeys(accounts);
    List<NodeProcess> running = new ArrayList<>();
    Shutdown shutdown = new Shutdown(running);
    EmbeddedActiveMQ broker = null;
    try {
      List<String> urls = targets;
      if (urls == null || urls.isEmpty()) {
        shutdown.install();
        broker = startNetwork(keys, running, out);
        urls = running.stream().map(NodeProcess::apiUrl).toList();
      }
      return measure(urls, keys, running, out);
    } finally {
      shutdown.stopAll();
      if (broker != null) {
        broker.stop();
      }
    }
  }

  /** Deterministic account keys, so that --target runs can sign for a bench network's genesis. */
  static List<SigningKey> accountKeys(int count) {
    return IntStream.range(0, count)
        .parallel()
        .mapToObj(
            i ->
                SigningKey.fromSeed(
                    Hash.sha256(("jledger bench account " + i).getBytes(StandardCharsets.UTF_8))
                        .toBytes()))
        .toList();
  }

  private EmbeddedActiveMQ startNetwork(
      List<SigningKey> keys, List<NodeProcess> running, PrintWriter out) throws Exception {
    Distribution dist = Distribution.locate();
    Path network = output.resolve("network");
    Distribution.deleteRecursively(network);
    Files.createDirectories(output);
    Path config = output.resolve("bench.yaml");
    Files.writeString(config, benchConfig(dist, keys).toYaml());
    String brokerUrl = null;
    EmbeddedActiveMQ broker = null;
    if (nodes > 1) {
      try (ServerSocket s = new ServerSocket(0)) {
        brokerUrl = "tcp://localhost:" + s.getLocalPort();
      }
    }
    var created =
        new NetworkLayout(new SecureRandom())
            .create(config, nodes, List.of(), network, false, brokerUrl);
    if (postgres != null) {
      for (var node : created.nodes()) {
        onPostgres(node.dir(), "jledger_bench_" + node.dir().getFileName());
      }
    }
    if (brokerUrl != null) {
      broker = BrokerCommand.start(brokerUrl, network.resolve("broker"));
    }
    for (var node : created.nodes()) {
      running.add(
          NodeProcess.start(dist, node.dir(), node.dir().resolve("node.log"), benchJvmOptions()));
    }
    out.printf(
        "started %d node(s) on %s with %d funded accounts in %s; waiting until they are ready%n",
        nodes,
        postgres == null ? "embedded Derby" : "PostgreSQL (jledger_bench_node_N)",
        keys.size(),
        network);
    out.flush();
    for (NodeProcess n : running) {
      if (!n.awaitReady(Duration.ofSeconds(readyTimeout))) {
        throw new CliException(n.name() + " did not become ready; see " + n.dir() + "/node.log");
      }
    }
    return broker;
  }

  /**
   * Creates the database {@code database} on the {@code --postgres} server, dropping one of that
   * name first, and points the node in {@code nodeDir} at it.
   */
  private void onPostgres(Path nodeDir, String database) throws IOException {
    String url = withDatabase(postgres, database);
    try (Connection c = DriverManager.getConnection(postgres);
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + database);
      s.execute("CREATE DATABASE " + database);
    } catch (SQLException e) {
      throw new CliException(
          "cannot create the database "
              + database
              + " through --postgres "
              + redacted(postgres)
              + ": "
              + e.getMessage());
    }
    Files.writeString(
        nodeDir.resolve(NetworkLayout.PROPERTIES_FILE),
        "# jledger bench --postgres\njledger.db.url=" + url + "\n",
        StandardOpenOption.APPEND);
  }

  /**
   * {@code url}, a {@code jdbc:postgresql://host[:port]/database[?parameters]} URL, naming {@code
   * database} instead.
   *
   * @throws CliException if it is not such a URL
   */
  static String withDatabase(String url, String database) {
    String prefix = "jdbc:postgresql://";
    int slash = url.startsWith(prefix) ? url.indexOf('/', prefix.length()) : -1;
    if (slash < 0) {
      throw new CliException(
          "--postgres must be jdbc:postgresql://HOST[:PORT]/DATABASE[?user=...], got "
              + redacted(url));
    }
    int query = url.indexOf('?', slash);
    return url.substring(0, slash + 1) + database + (query < 0 ? "" : url.substring(query));
  }

  private static String redacted(String url) {
    return url.replaceAll("(?i)(password=)[^&]*", "$1***");
  }

  private static List<String> benchJvmOptions() {
    return Distribution.jvmOptions("JLEDGER_BENCH_JVM_OPTS", BENCH_JVM_OPTIONS);
  }

  /** The getting-started network with a Byzantine quorum, bigger blocks and funded accounts. */
  private NetworkConfig benchConfig(Distribution dist, List<SigningKey> keys) throws Exception {
    String yaml =
        Files.readString(dist.repository().resolve("config/node.yaml"))
            .replace("quorum: 51", "quorum: 67")
            .replace("max_block_size: 100", "max_block_size: " + maxBlockSize)
            .replace("refresh_window: PT5S", "refresh_window: " + refreshWindow);
    NetworkConfig base = NetworkConfig.parse(yaml, "bench.yaml");
    Map<String, JsonValue> balances = new TreeMap<>();
    JsonValue funds = CanonicalJson.parse("{\"balance\":1000000000}");
    for (SigningKey k : keys) {
      balances.put(k.address().value(), funds);
    }
    return base.withInitialState(Map.of("plug_demo.balance.BalanceModel", balances));
  }

  private int measure(
      List<String> urls, List<SigningKey> keys, List<NodeProcess> local, PrintWriter out)
      throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    JsonObject network = get(http, urls.get(0) + "/network");
    String networkId = network.getString("network_id");
    Map<String, Long> nonces = new HashMap<>();
    get(http, urls.get(0) + "/state/-1?model=plug.model.NonceModel")
        .getJsonObject("models")
        .getOrDefault("plug.model.NonceModel", JsonValue.EMPTY_JSON_OBJECT)
        .asJsonObject()
        .forEach((a, n) -> nonces.put(a, ((jakarta.json.JsonNumber) n).longValue()));

    BenchLoad load =
        new BenchLoad(urls, maxInFlight, batch, Duration.ofMillis(batchWindow), saturationWindow);
    List<BenchLoad.Phase> phases = new ArrayList<>();
    List<NodeStats.Sample> stats = new ArrayList<>();
    List<Double> commitLatencies = new ArrayList<>();
    record Step(String name, double rate, int count, int seconds) {}
    List<Step> steps = new ArrayList<>();
    steps.add(new Step("rate " + rate / 2, rate / 2.0, rate / 2 * duration, duration));
    steps.add(new Step("rate " + rate, rate, rate * duration, duration));
    if (!noSaturation) {
      steps.add(new Step(SATURATION, 0, Math.min(4 * rate * duration, 300_000), duration));
    }
    List<String> sample = List.of();
    boolean clean = true;
    // At the first measured rate (above capacity a warm-up only builds a backlog in every pool),
    // and on while the started nodes' compilers are still busy: the figures are those of nodes
    // that have been up for a while, not of their JIT.
    int warmed = 0;
    int slice = warmup;
    while (slice > 0) {
      List<BenchLoad.Signed> txs = sign(keys, nonces, networkId, rate / 2 * slice);
      if (sample.isEmpty()) {
        sample = txs.stream().limit(10_000).map(BenchLoad.Signed::body).toList();
      }
      out.printf(
          "%s: %d pre-signed transfers, up to %d s (not counted)%n", WARMUP, txs.size(), slice);
      out.flush();
      NodeStats sampler = NodeStats.start(local);
      BenchLoad.Phase phase = load.run(WARMUP, txs, rate / 2.0, Duration.ofSeconds(slice));
      NodeStats.Sample used = sampler.stop();
      clean &= phase.lost() == 0 && phase.rejected() == 0;
      commitNonces(keys, nonces, phase.submitted());
      double jit = used.nodes().stream().mapToDouble(NodeStats.Node::jitCpuPercent).max().orElse(0);
      out.println(
          describe(phase, used).lines().findFirst().orElse("")
              + (used.nodes().isEmpty() ? "" : String.format("  JIT at most %.0f%%", jit)));
      warmed += slice;
      slice = jit > warmupJit ? Math.min(WARMUP_SLICE_SECONDS, warmupMax - warmed) : 0;
    }
    for (Step step : steps) {
      List<BenchLoad.Signed> txs = sign(keys, nonces, networkId, step.count());
      if (sample.isEmpty()) {
        sample = txs.stream().limit(10_000).map(BenchLoad.Signed::body).toList();
      }
      out.printf(
          "%s: %d pre-signed transfers, up to %d s%n", step.name(), txs.size(), step.seconds());
      out.flush();
      NodeStats sampler = NodeStats.start(local);
      double[] before = commitLatency(http, urls.get(0));
      BenchLoad.Phase phase =
          load.run(step.name(), txs, step.rate(), Duration.ofSeconds(step.seconds()));
      clean &= phase.lost() == 0 && phase.rejected() == 0;
      double[] after = commitLatency(http, urls.get(0));
      stats.add(sampler.stop());
      phases.add(phase);
      double commitMs = 1000 * (after[0] - before[0]) / Math.max(1, after[1] - before[1]);
      commitLatencies.add(commitMs);
      commitNonces(keys, nonces, phase.submitted());
      out.println(describe(phase, stats.get(stats.size() - 1)));
      out.printf(
          "  commit latency (block proposed to committed, node 0): %.0f ms on average%n", commitMs);
      out.flush();
    }
    out.printf(
        "ceiling: the per-transaction work on %d cores for %.0f s%n",
        Runtime.getRuntime().availableProcessors(), ceilingSeconds);
    out.flush();
    double ceiling = BenchCeiling.measure(sample, networkId, ceilingSeconds);
    BenchLoad.Phase best =
        phases.stream()
            .max(java.util.Comparator.comparingDouble(BenchLoad.Phase::committedTps))
            .orElseThrow();
    int onMachine = local.isEmpty() ? urls.size() : local.size();
    double efficiency = best.committedTps() * onMachine / ceiling;
    write(phases, stats, commitLatencies, ceiling, efficiency, onMachine);
    out.printf(
        "results: %s, %s%n",
        output.resolve("bench-result.json"), output.resolve("bench-latency.png"));
    if (!clean) {
      out.println("WARNING: transactions were rejected or lost (see above)");
    }
    out.printf("committed_tps: %.1f%n", best.committedTps());
    out.printf("ceiling_tps: %.1f%n", ceiling);
    out.printf("efficiency: %.3f%n", efficiency);
    out.flush();
    return clean ? 0 : 2;
  }

  /** Transfers of 1 from account i to account i+1, the accounts in turn, at their next nonces. */
  private static List<BenchLoad.Signed> sign(
      List<SigningKey> keys, Map<String, Long> nonces, String networkId, int count) {
    return IntStream.range(0, count)
        .parallel()
        .mapToObj(
            i -> {
              SigningKey from = keys.get(i % keys.size());
              SigningKey to = keys.get((i + 1) % keys.size());
              long nonce = nonces.getOrDefault(from.address().value(), 0L) + i / keys.size();
              Transaction tx =
                  Transaction.sign(
                      CanonicalJson.PROVIDER
                          .createObjectBuilder()
                          .add("fqdn", "demo.BalanceTransfer")
                          .add("sender", from.address().value())
                          .add("receiver", to.address().value())
                          .add("amount", 1)
                          .build(),
                      networkId,
                      List.of(from),
                      Map.of(from.address(), nonce));
              String signature =
                  tx.proofs().values().iterator().next().toJson().getString("signature");
              return new BenchLoad.Signed(CanonicalJson.toCanonicalString(tx.toJson()), signature);
            })
        .toList();
  }

  /** Advances each account's nonce by the transfers of it that were sent. */
  private static void commitNonces(List<SigningKey> keys, Map<String, Long> nonces, int sent) {
    for (int i = 0; i < keys.size(); i++) {
      long of = sent / keys.size() + (i < sent % keys.size() ? 1 : 0);
      nonces.merge(keys.get(i).address().value(), of, Long::sum);
    }
  }

  private String describe(BenchLoad.Phase p, NodeStats.Sample s) {
    return String.format(
        "  %-12s offered %8.1f/s  sent %8.1f/s  committed %8.1f/s  p50 %7.0f ms  p95 %7.0f ms"
            + "  p99 %7.0f ms  blocks %5.2f/s  rejected %d  lost %d%s%n%s%s",
        p.name(),
        p.offeredTps(),
        p.sentTps(),
        p.committedTps(),
        p.p50(),
        p.p95(),
        p.p99(),
        p.blocksPerSecond(),
        p.rejected(),
        p.lost(),
        p.rejections().isEmpty() ? "" : "  e.g. " + p.rejections().get(0),
        heldBack(p, maxInFlight),
        s.describe());
  }

  /**
   * A line saying that the phase was not open loop, when {@code --max-in-flight} outstanding
   * submissions kept the load generator from sending at the offered rate.
   */
  static String heldBack(BenchLoad.Phase p, int maxInFlight) {
    return p.name().equals(SATURATION) || p.sentTps() >= 0.98 * p.offeredTps()
        ? ""
        : String.format(
            "  sent %.1f/s of the %.1f/s offered: %d transactions were unanswered"
                + " (--max-in-flight), so the nodes set the pace%n",
            p.sentTps(), p.offeredTps(), maxInFlight);
  }

  private void write(
      List<BenchLoad.Phase> phases,
      List<NodeStats.Sample> stats,
      List<Double> commitLatencies,
      double ceiling,
      double efficiency,
      int onMachine)
      throws Exception {
    JsonArrayBuilder ps = CanonicalJson.PROVIDER.createArrayBuilder();
    for (int i = 0; i < phases.size(); i++) {
      BenchLoad.Phase p = phases.get(i);
      JsonObjectBuilder o =
          CanonicalJson.PROVIDER
              .createObjectBuilder()
              .add("name", p.name())
              .add("offered_tps", p.offeredTps())
              .add("sent_tps", p.sentTps())
              .add("seconds", p.seconds())
              .add("submitted", p.submitted())
              .add("accepted", p.accepted())
              .add("rejected", p.rejected())
              .add("confirmed", p.confirmed())
              .add("lost", p.lost())
              .add("committed_tps", p.committedTps())
              .add("blocks", p.blocks())
              .add("blocks_per_second", p.blocksPerSecond())
              .add("commit_latency_ms", commitLatencies.get(i))
              .add("nodes", stats.get(i).toJson())
              .add("load_generator", NodeStats.Sample.toJson(stats.get(i).loadGenerator()));
      if (p.confirmed() > 0) {
        o.add(
            "finality_ms",
            CanonicalJson.PROVIDER
                .createObjectBuilder()
                .add("p50", p.p50())
                .add("p95", p.p95())
                .add("p99", p.p99()));
      }
      ps.add(o);
    }
    JsonObjectBuilder result =
        CanonicalJson.PROVIDER
            .createObjectBuilder()
            .add("nodes_on_this_machine", onMachine)
            .add("cores", Runtime.getRuntime().availableProcessors())
            .add("accounts", accounts)
            .add("batch", batch)
            .add("batch_window_ms", batchWindow)
            .add("phases", ps)
            .add("ceiling_tps", ceiling)
            .add("efficiency", efficiency);
    if (targets == null || targets.isEmpty()) {
      // the nodes' database, when this run started them
      result.add("database", postgres == null ? "derby" : "postgresql");
    }
    Files.createDirectories(output);
    Files.writeString(output.resolve("bench-result.json"), result.build().toString() + "\n");

    XYChart chart =
        new XYChartBuilder()
            .width(800)
            .height(500)
            .title("JLedger: finality latency against committed throughput")
            .xAxisTitle("committed transactions per second")
            .yAxisTitle("finality latency (ms)")
            .build();
    List<BenchLoad.Phase> confirmed = phases.stream().filter(p -> p.confirmed() > 0).toList();
    if (!confirmed.isEmpty()) {
      double[] x = confirmed.stream().mapToDouble(BenchLoad.Phase::committedTps).toArray();
      chart.addSeries("p50", x, confirmed.stream().mapToDouble(BenchLoad.Phase::p50).toArray());
      chart.addSeries("p99", x, confirmed.stream().mapToDouble(BenchLoad.Phase::p99).toArray());
    }
    BitmapEncoder.saveBitmap(
        chart, output.resolve("bench-latency").toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  /**
   * The sum (seconds) and count of a node's {@code jledger_commit_latency} timer: from a block's
   * timestamp (when it was proposed) to its commit on that node.
   */
  private static double[] commitLatency(HttpClient http, String apiUrl) throws Exception {
    String metrics =
        http.send(
                HttpRequest.newBuilder(URI.create(apiUrl.replaceFirst("/api/v1/?$", "/metrics")))
                    .timeout(Duration.ofSeconds(30))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    double[] sumAndCount = new double[2];
    for (String line : metrics.lines().toList()) {
      if (line.startsWith("jledger_commit_latency_seconds_sum")) {
        sumAndCount[0] = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      } else if (line.startsWith("jledger_commit_latency_seconds_count")) {
        sumAndCount[1] = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sumAndCount;
  }

  private static JsonObject get(HttpClient http, String url) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new CliException(url + " answered " + r.statusCode() + ": " + r.body());
    }
    return CanonicalJson.parseObject(r.body());
  }
}
