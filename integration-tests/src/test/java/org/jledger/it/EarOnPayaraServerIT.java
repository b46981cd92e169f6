package org.jledger.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The EAR on Payara Server Full (unpacked from Maven Central by the build): a domain of its own
 * with the node's settings as JVM options, the EAR deployed with asadmin, and the getting-started
 * flow over HTTP.
 */
class EarOnPayaraServerIT {

  private static final String DOMAIN = "jledger-it";
  private final Path payara = Paths.get(System.getProperty("jledger.it.payara-server"));
  private final Path folder = Paths.get(System.getProperty("jledger.it.nodes")).resolve("ear");
  private boolean started;

  private void asadmin(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(payara.resolve("bin/asadmin").toString());
    command.addAll(List.of(args));
    Files.createDirectories(folder);
    Path log = folder.resolve("asadmin.log");
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("asadmin " + String.join(" ", args) + " hung");
    }
    assertThat(p.exitValue())
        .as("asadmin %s: %s", String.join(" ", args), Files.readString(log))
        .isZero();
  }

  @Test
  void theEarRunsTheGettingStartedFlowOnPayaraServer() throws Exception {
    PayaraMicroNode.deleteRecursively(folder);
    GettingStartedNetwork.writeInto(folder);
    Path domain = payara.resolve("glassfish/domains").resolve(DOMAIN);
    PayaraMicroNode.deleteRecursively(domain);
    int portBase = freePortBase();
    String admin = String.valueOf(portBase + 48);
    int http = portBase + 80;
    Instant begin = Instant.now();
    asadmin("create-domain", "--nopassword=true", "--portbase", String.valueOf(portBase), DOMAIN);
    asadmin("start-domain", DOMAIN);
    started = true;
    asadmin(
        "--port",
        admin,
        "create-jvm-options",
        String.join(
            ":",
            "-Djledger.node.genesis=" + folder.resolve("genesis.yaml"),
            "-Djledger.node.key-file=" + folder.resolve("node.key"),
            "-Djledger.db.path=" + folder.resolve("db"),
            "-Djledger.node.name=ear"));
    asadmin("restart-domain", DOMAIN);
    asadmin("--port", admin, "deploy", System.getProperty("jledger.it.ear"));
    URI base = URI.create("http://localhost:" + http);
    awaitReady(base);
    System.out.printf(
        "[ear] Payara Server domain created, started and the EAR ready after %.1f s%n",
        Duration.between(begin, Instant.now()).toMillis() / 1000.0);
    NodeClient client =
        new NodeClient(
            path -> base.resolve(path), () -> "\n(see " + domain.resolve("logs/server.log") + ")");
    GettingStartedFlow.run(client);
  }

  private static void awaitReady(URI base) throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    Instant deadline = Instant.now().plus(Duration.ofSeconds(240));
    while (Instant.now().isBefore(deadline)) {
      try {
        HttpResponse<Void> r =
            http.send(
                HttpRequest.newBuilder(base.resolve("/health/ready")).build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(500);
    }
    throw new AssertionError("the EAR never became ready");
  }

  private static int freePortBase() throws IOException {
    for (int base = 20000; base < 60000; base += 100) {
      if (free(base + 48) && free(base + 80) && free(base + 81) && free(base + 86)) {
        return base;
      }
    }
    throw new IllegalStateException("no free port base");
  }

  private static boolean free(int port) {
    try (ServerSocket s = new ServerSocket(port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @AfterEach
  void stopDomain() throws Exception {
    if (started) {
      asadmin("stop-domain", "--kill=true", DOMAIN);
    }
  }
}
