package org.jledger.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jledger.it.NodeClient.json;

import jakarta.json.JsonObject;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The getting-started flow on a real node on embedded Derby; then the node restarts to the same
 * head, and refuses to start, naming the height, once a stored row was altered.
 */
class GettingStartedIT {

  @Test
  void theWalkthroughSurvivesARestartAndATamperedRowIsRefused() throws Exception {
    PayaraMicroNode node = PayaraMicroNode.start("getting-started", Map.of());
    try {
      NodeClient client = new NodeClient(node);
      List<String> events = new CopyOnWriteArrayList<>();
      CompletableFuture<?> stream = subscribe(node, events);
      GettingStartedFlow.run(client);
      awaitEvent(events, "event: block");
      assertThat(events).contains("event: transaction");
      assertThat(events.stream().filter(l -> l.startsWith("data:")).toList())
          .anySatisfy(l -> assertThat(l).contains("\"status\":\"confirmed\""))
          .anySatisfy(l -> assertThat(l).contains("\"transaction_count\":1"));
      stream.cancel(true);
      String metrics = client.get("/metrics").body();
      assertThat(metrics).contains("jledger_height").contains("jledger_commit_latency");
      // the same transaction again is idempotent
      assertThat(GettingStartedFlow.submit(client, GettingStartedNetwork.transfer(10, 0)))
          .isEqualTo("confirmed");
      JsonObject headBefore = json(client.get("/api/v1/block/-1"));
      String stateBefore = json(client.get("/api/v1/state/-1")).getString("hash");

      node = node.restart();
      client = new NodeClient(node);
      assertThat(json(client.get("/api/v1/block/-1")).getString("hash"))
          .isEqualTo(headBefore.getString("hash"));
      assertThat(json(client.get("/api/v1/state/-1")).getString("hash")).isEqualTo(stateBefore);

      node.close();
      Path db = node.folder().resolve("db");
      try (Connection c = DriverManager.getConnection("jdbc:derby:" + db, "jledger", "jledger")) {
        // the balances block 0 wrote, as the node keeps them (one row per block)
        var rs =
            c.createStatement()
                .executeQuery("select CHANGES_UTF8 from JLEDGER_CHANGES where HEIGHT = 0");
        assertThat(rs.next()).isTrue();
        String changes = new String(rs.getBytes(1), java.nio.charset.StandardCharsets.UTF_8);
        String altered = changes.replaceAll("\"balance\":\\d+", "\"balance\":1000");
        assertThat(altered).isNotEqualTo(changes);
        var update =
            c.prepareStatement("update JLEDGER_CHANGES set CHANGES_UTF8 = ? where HEIGHT = 0");
        update.setBytes(1, altered.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(update.executeUpdate()).isEqualTo(1);
      } finally {
        try {
          DriverManager.getConnection("jdbc:derby:" + db + ";shutdown=true");
        } catch (java.sql.SQLException expected) {
          // Derby reports a successful shutdown as an exception
        }
      }
      node = node.relaunchStopped();
      client = new NodeClient(node);
      JsonObject chain = awaitChainVerdict(client);
      assertThat(chain.getBoolean("met")).isFalse();
      assertThat(chain.getString("detail")).contains("invalid at height 0");
      assertThat(client.get("/health/ready").statusCode()).isEqualTo(503);
      NodeClient.assertProblem(client.get("/api/v1/state/-1"), 503, "not_ready");
    } finally {
      node.close();
    }
  }

  /** Reads the node's server-sent events into {@code lines}. */
  private static CompletableFuture<?> subscribe(PayaraMicroNode node, List<String> lines) {
    return HttpClient.newHttpClient()
        .sendAsync(
            HttpRequest.newBuilder(node.uri("/api/v1/events"))
                .header("Accept", "text/event-stream")
                .build(),
            HttpResponse.BodyHandlers.ofLines())
        .thenAccept(r -> r.body().forEach(lines::add));
  }

  private static void awaitEvent(List<String> lines, String line) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (!lines.contains(line)) {
      assertThat(Instant.now()).as("no " + line + " among " + lines).isBefore(deadline);
      Thread.sleep(100);
    }
  }

  /** Waits until the node has judged its stored chain. */
  private static JsonObject awaitChainVerdict(NodeClient client) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(240));
    while (Instant.now().isBefore(deadline)) {
      try {
        HttpResponse<String> r = client.get("/api/v1/node");
        if (r.statusCode() == 200) {
          for (var c : json(r).getJsonArray("conditions")) {
            JsonObject condition = c.asJsonObject();
            if (condition.getString("name").equals("chain")
                && !condition.getString("detail").startsWith("waiting")
                && !condition.getString("detail").startsWith("re-verifying")) {
              return condition;
            }
          }
        }
      } catch (AssertionError notListening) {
        // not up yet
      }
      Thread.sleep(500);
    }
    throw new AssertionError("the node never judged its chain");
  }
}
