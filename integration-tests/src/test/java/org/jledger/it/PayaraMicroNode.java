package org.jledger.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.jledger.cli.HttpsListener;

/**
 * One JLedger node as a real Payara Micro process running the built {@code ledger.war} at the root
 * context, with its own folder ({@code target/nodes/NAME}: database, log, Payara's runtime), its
 * own free port and its own settings, written to the folder's {@code node.properties} and passed
 * with Payara Micro's {@code --systemProperties}, as {@code jledger run} will.
 *
 * <p>{@link #start} returns once {@code /health/ready} answers 200, or fails with the log's tail.
 * {@link #close} stops the process with SIGTERM, then SIGKILL after a bounded wait; a shutdown hook
 * does the same if the test JVM exits first, so no process is left behind.
 *
 * <p>Settings come from system properties that failsafe sets: {@code jledger.it.micro-jar}, {@code
 * jledger.it.war}, {@code jledger.it.nodes}, and optionally {@code jledger.it.ready-timeout}
 * (ISO-8601, default PT240S).
 */
public final class PayaraMicroNode implements AutoCloseable {

  private static final Duration STOP_GRACE = Duration.ofSeconds(30);
  private static final Duration POLL_INTERVAL = Duration.ofMillis(250);
  private static final int LOG_TAIL_LINES = 80;

  private final String name;
  private final Path folder;
  private final Map<String, String> properties;
  private final Map<String, String> environment;
  private final SSLContext trust;
  private final Optional<HttpsListener> https;
  private final int port;
  private final Process process;
  private final long launchedNanos;
  private final Thread shutdownHook;
  private final HttpClient http;
  private Duration timeToReady;

  private PayaraMicroNode(
      String name,
      Path folder,
      Map<String, String> properties,
      Map<String, String> environment,
      SSLContext trust)
      throws IOException {
    this.name = name;
    this.folder = folder;
    this.properties = Map.copyOf(properties);
    this.environment = Map.copyOf(environment);
    this.trust = trust;
    this.port = freePort();
    Properties settings = new Properties();
    settings.putAll(properties);
    this.https = HttpsListener.from(settings, folder);
    HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2));
    if (trust != null) {
      client.sslContext(trust);
    }
    this.http = client.build();
    Files.createDirectories(folder);
    // a fresh Payara runtime every launch, as jledger run has: given a root dir that a crashed run
    // left behind, Payara Micro deploys the WAR recorded there first and then redeploys --deploy's
    // (undeploy, deploy), so the node answers ready and then 404 and empty 500s for seconds
    deleteRecursively(runtimeDir());
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
    Map<String, String> all = new LinkedHashMap<>();
    all.put("jledger.db.path", folder.resolve("db").toString());
    all.putAll(properties);
    writeNodeProperties(all);
    command.addAll(
        List.of(
            "-jar",
            setting("jledger.it.micro-jar"),
            "--deploy",
            setting("jledger.it.war"),
            "--contextroot",
            "/",
            "--port",
            Integer.toString(port),
            // no data grid at all (--nocluster would still start a one-member Hazelcast; Payara
            // ignores --nohazelcast beside it)
            "--nohazelcast",
            "--systemProperties",
            nodeProperties().toString(),
            "--rootDir",
            runtimeDir().toString()));
    if (https.isPresent()) {
      command.addAll(https.get().payaraOptions(folder));
    }
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(environment);
    builder
        .directory(folder.toFile())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
    this.launchedNanos = System.nanoTime();
    this.process = builder.start();
    this.shutdownHook = new Thread(this::kill, "stop " + name);
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * Starts a node in a fresh folder {@code target/nodes/NAME} (anything there before is deleted)
   * holding the {@link GettingStartedNetwork} genesis and validator key, and waits until it is
   * ready.
   *
   * @param properties system properties for the node, e.g. {@code jledger.db.url}; {@code
   *     jledger.db.path} defaults to the folder's {@code db}
   */
  public static PayaraMicroNode start(String name, Map<String, String> properties)
      throws IOException {
    PayaraMicroNode node = launch(name, properties);
    node.awaitReady();
    return node;
  }

  /** Starts a node in a fresh folder without waiting; see {@link #start}. */
  public static PayaraMicroNode launch(String name, Map<String, String> properties)
      throws IOException {
    return launch(name, properties, GettingStartedNetwork::writeInto);
  }

  /** What goes into a fresh node folder before the node starts (its genesis and key). */
  @FunctionalInterface
  public interface Preparation {
    void into(Path folder) throws IOException;
  }

  /** Starts a node in a fresh folder prepared by {@code preparation}, without waiting. */
  public static PayaraMicroNode launch(
      String name, Map<String, String> properties, Preparation preparation) throws IOException {
    Path folder = Paths.get(setting("jledger.it.nodes")).resolve(name);
    deleteRecursively(folder);
    preparation.into(folder);
    return new PayaraMicroNode(name, folder, properties, Map.of(), null);
  }

  /**
   * Starts a node with HTTPS ({@code jledger.https.*} in {@code properties}, as {@code jledger run}
   * reads them) and waits until it is ready; {@link #uri} is then the HTTPS port.
   *
   * @param environment the node's environment, e.g. the key store passwords
   * @param trust what the harness trusts when it asks the node whether it is ready
   * @param preparation what goes into the fresh node folder (its genesis and key)
   */
  public static PayaraMicroNode startHttps(
      String name,
      Map<String, String> properties,
      Map<String, String> environment,
      SSLContext trust,
      Preparation preparation)
      throws IOException {
    Path folder = Paths.get(setting("jledger.it.nodes")).resolve(name);
    deleteRecursively(folder);
    preparation.into(folder);
    PayaraMicroNode node = new PayaraMicroNode(name, folder, properties, environment, trust);
    node.awaitReady();
    return node;
  }

  /**
   * Stops this node and starts it again on the same folder and properties (a new port), waiting
   * until it is ready.
   */
  public PayaraMicroNode restart() throws IOException {
    PayaraMicroNode again = relaunch();
    again.awaitReady();
    return again;
  }

  /** Stops this node and starts it again on the same folder without waiting until it is ready. */
  public PayaraMicroNode relaunch() throws IOException {
    close();
    return relaunchStopped();
  }

  /** Starts this stopped node again on the same folder, without waiting. */
  public PayaraMicroNode relaunchStopped() throws IOException {
    Files.writeString(
        log(), "\n---- restart ----\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    return new PayaraMicroNode(name, folder, properties, environment, trust);
  }

  /** Waits until {@code /health/ready} answers 200; fails with the log's tail. */
  public Duration awaitReady() {
    timeToReady = await("/health/ready");
    System.out.printf(
        "[%s] ready after %.1f s on port %d, VmRSS %d MiB (pid %d)%n",
        name, timeToReady.toMillis() / 1000.0, port, residentKiB() / 1024, pid());
    return timeToReady;
  }

  /**
   * Waits until {@code path} answers 200, polling with a deadline ({@code
   * jledger.it.ready-timeout}, default 240 s); fails with the log's tail if the deadline passes or
   * the process exits.
   *
   * @return the time from launch until it answered
   */
  public Duration await(String path) {
    Duration timeout = Duration.parse(System.getProperty("jledger.it.ready-timeout", "PT240S"));
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "no answer yet";
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            name
                + " exited with "
                + process.exitValue()
                + " before "
                + path
                + " answered 200"
                + tail());
      }
      try {
        HttpResponse<String> answer =
            http.send(
                HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() == 200) {
          return Duration.ofNanos(System.nanoTime() - launchedNanos);
        }
        last = answer.statusCode() + " " + answer.body();
      } catch (IOException e) {
        last = e.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + name, e);
      }
      LockSupport.parkNanos(POLL_INTERVAL.toNanos());
    }
    throw new IllegalStateException(
        name + ": " + path + " did not answer 200 within " + timeout + "; last: " + last + tail());
  }

  /** {@code http://127.0.0.1:PORT} + {@code path}, or the HTTPS port when the node has one. */
  public URI uri(String path) {
    return https
        .map(h -> URI.create("https://127.0.0.1:" + h.port() + path))
        .orElseGet(() -> plainUri(path));
  }

  /** {@code http://127.0.0.1:PORT} + {@code path}: the plain HTTP port, even when it is off. */
  public URI plainUri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  public int port() {
    return port;
  }

  public long pid() {
    return process.pid();
  }

  public Path folder() {
    return folder;
  }

  public Path log() {
    return folder.resolve("payara.log");
  }

  /** From launch until {@code /health/ready} first answered 200, if it has. */
  public Optional<Duration> timeToReady() {
    return Optional.ofNullable(timeToReady);
  }

  /** The process's resident set size ({@code VmRSS} of {@code /proc/PID/status}), in KiB. */
  public long residentKiB() {
    try (Stream<String> lines = Files.lines(Paths.get("/proc", Long.toString(pid()), "status"))) {
      return lines
          .filter(l -> l.startsWith("VmRSS:"))
          .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("no VmRSS for " + pid()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The last lines of the node's log. */
  public String tail() {
    try {
      List<String> lines = Files.readAllLines(log(), StandardCharsets.UTF_8);
      return "\n---- last "
          + LOG_TAIL_LINES
          + " lines of "
          + log()
          + " ----\n"
          + String.join(
              "\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
    } catch (IOException e) {
      return "\n(no log: " + e + ")";
    }
  }

  /** Stops the process at once (SIGKILL), as a crash would. */
  public void crash() {
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops the process: SIGTERM, then SIGKILL after a bounded wait; removes Payara's runtime. */
  @Override
  public void close() {
    kill();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // the hook is running or has run
    }
    try {
      deleteRecursively(runtimeDir());
    } catch (IOException e) {
      System.err.println("could not delete " + runtimeDir() + ": " + e);
    }
  }

  private void kill() {
    if (!process.isAlive()) {
      return;
    }
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    boolean stopped;
    try {
      stopped = process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopped = false;
    }
    if (!stopped) {
      System.err.println(name + " ignored SIGTERM for " + STOP_GRACE + "; sending SIGKILL");
      process.destroyForcibly();
    }
    children.forEach(ProcessHandle::destroyForcibly);
    try {
      process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The node's settings, as {@code jledger run} will pass them: a properties file. */
  public Path nodeProperties() {
    return folder.resolve("node.properties");
  }

  private void writeNodeProperties(Map<String, String> settings) throws IOException {
    Properties file = new Properties();
    file.putAll(settings);
    try (Writer out = Files.newBufferedWriter(nodeProperties(), StandardCharsets.UTF_8)) {
      file.store(out, "settings of node " + name);
    }
  }

  private Path runtimeDir() {
    return folder.resolve("payara-runtime");
  }

  private static String setting(String key) {
    String value = System.getProperty(key);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(
          key + " is not set; run the integration tests with Maven (mvn verify), which sets it");
    }
    return value;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }

  static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> all = Files.walk(path)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
