package org.jledger.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.jledger.crypto.KeyFile;

/**
 * One node as a Payara Micro process running {@code ledger.war} at the root context, in its node
 * folder (its working directory, so the relative paths of {@code node.properties} resolve there).
 */
final class NodeProcess {

  static final Duration STOP_GRACE = Duration.ofSeconds(30);

  /**
   * A node folder's directory of secret settings, one file each (see {@link #secretsArguments}).
   */
  static final String SECRETS_DIR = "secrets";

  /**
   * Most threads serving HTTP requests (Payara's default is 200). A submission holds its thread
   * until its batch is stored, so a node under the benchmark's load grew all 200, each with its
   * stack; with 48 it committed as much, and further requests wait in the listener's queue.
   */
  static final int MAX_HTTP_THREADS = 48;

  /**
   * glibc's malloc arenas for the node's JVM (unless the environment sets {@code
   * MALLOC_ARENA_MAX}): by default each of the many threads may get its own 64 MB arena, and a
   * loaded node held tens of MB of native memory in them that no tool of the JVM accounts for.
   */
  static final String MALLOC_ARENAS = "2";

  /** The post-boot command file written for Payara Micro when there is a secrets directory. */
  static final String POST_BOOT_FILE = "payara-post-boot.asadmin";

  private final String name;
  private final Path dir;
  private final URI base;
  private final Process process;

  private NodeProcess(String name, Path dir, URI base, Process process) {
    this.name = name;
    this.dir = dir;
    this.base = base;
    this.process = process;
  }

  /**
   * Starts the node of folder {@code dir}.
   *
   * @param log file for the node's output, or null to share this process's console
   */
  static NodeProcess start(Distribution dist, Path dir, Path log) throws IOException {
    return start(dist, dir, log, dist.jvmOptions());
  }

  /** Starts the node of folder {@code dir} with these JVM options. */
  static NodeProcess start(Distribution dist, Path dir, Path log, List<String> jvmOptions)
      throws IOException {
    Path folder = dir.toAbsolutePath().normalize();
    Path props = folder.resolve(NetworkLayout.PROPERTIES_FILE);
    if (!Files.isRegularFile(props)) {
      throw new CliException(
          folder + " is not a node folder (no node.properties); create one with jledger new");
    }
    Properties p = new Properties();
    try (var in = Files.newBufferedReader(props)) {
      p.load(in);
    }
    int port = Integer.parseInt(p.getProperty("jledger.http.port", "8181").strip());
    String name = p.getProperty("jledger.node.name", folder.getFileName().toString());
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(
        List.of(
            "-jar",
            dist.payaraMicro().toString(),
            "--deploy",
            dist.war().toString(),
            "--contextroot",
            "/",
            "--port",
            String.valueOf(port),
            // no data grid at all (--nocluster would still start a one-member Hazelcast; Payara
            // ignores --nohazelcast beside it)
            "--nohazelcast",
            "--maxhttpthreads",
            String.valueOf(MAX_HTTP_THREADS),
            "--systemProperties",
            props.toString()));
    command.addAll(secretsArguments(folder));
    Optional<HttpsListener> https = HttpsListener.from(p, folder);
    if (https.isPresent()) {
      requireEnvironment(HttpsListener.KEY_STORE_PASSWORD_ENV, "jledger.https.key-store");
      if (https.get().trustStore().isPresent()) {
        requireEnvironment(HttpsListener.TRUST_STORE_PASSWORD_ENV, "jledger.https.trust-store");
      }
      command.addAll(https.get().payaraOptions(folder));
    }
    ProcessBuilder builder = new ProcessBuilder(command).directory(folder.toFile());
    builder.environment().putIfAbsent("MALLOC_ARENA_MAX", MALLOC_ARENAS);
    if (log == null) {
      builder.inheritIO();
    } else {
      builder
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    }
    URI probe =
        https.isPresent() && !https.get().httpEnabled()
            ? URI.create("https://localhost:" + https.get().port())
            : URI.create("http://localhost:" + port);
    return new NodeProcess(name, folder, probe, builder.start());
  }

  private static void requireEnvironment(String variable, String forKey) {
    String value = System.getenv(variable);
    if (value == null || value.isEmpty()) {
      throw new CliException(
          forKey + " is set; put its password in the environment variable " + variable);
    }
  }

  /**
   * Payara Micro's arguments that make the node folder's {@code secrets} directory, if there is
   * one, a MicroProfile Config source: each file is one setting, its name the key and its content
   * the value (e.g. {@code secrets/jledger.db.password}), read by Payara's directory config source,
   * which a post-boot command file turns on. The directory must be its owner's alone (mode 700 or
   * 500), as a key file must be; otherwise the node is not started.
   */
  static List<String> secretsArguments(Path folder) throws IOException {
    Path secrets = folder.toAbsolutePath().normalize().resolve(SECRETS_DIR);
    if (!Files.isDirectory(secrets)) {
      return List.of();
    }
    if (KeyFile.isExposed(secrets)) {
      throw new CliException(
          secrets
              + " is accessible by other users (mode "
              + PosixFilePermissions.toString(Files.getPosixFilePermissions(secrets))
              + "); run chmod 700 "
              + secrets);
    }
    if (secrets.toString().chars().anyMatch(Character::isWhitespace)) {
      throw new CliException(
          secrets + ": Payara's post-boot commands cannot name a path with spaces; move the node");
    }
    Path commands = folder.toAbsolutePath().normalize().resolve(POST_BOOT_FILE);
    Files.writeString(commands, "set-config-dir --directory=" + secrets + "\n");
    return List.of("--postbootcommandfile", commands.toString());
  }

  String name() {
    return name;
  }

  Path dir() {
    return dir;
  }

  String apiUrl() {
    return base + "/api/v1";
  }

  boolean isAlive() {
    return process.isAlive();
  }

  Process process() {
    return process;
  }

  /**
   * Waits until {@code /health/ready} answers 200; false if the process died or time ran out. With
   * plain HTTP off it asks over HTTPS, trusting what this JVM's trust store trusts.
   */
  boolean awaitReady(Duration timeout) throws InterruptedException {
    // HTTP/1.1, as the benchmark's load: a busy Payara may answer the h2c upgrade with GOAWAY (a
    // benchmark once timed out waiting for four nodes whose logs said they were ready)
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    HttpRequest ready =
        HttpRequest.newBuilder(URI.create(base + "/health/ready"))
            .timeout(Duration.ofSeconds(5))
            .build();
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        return false;
      }
      try {
        if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return true;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(500);
    }
    return false;
  }

  /** Asks the node to stop (SIGTERM: it finishes its round and persists). */
  void requestStop() {
    process.destroy();
  }

  /** Waits for the node to stop, killing it after {@code grace}. */
  void awaitStop(Duration grace) throws InterruptedException {
    if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
      killNow();
    }
  }

  void killNow() throws InterruptedException {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }
}
