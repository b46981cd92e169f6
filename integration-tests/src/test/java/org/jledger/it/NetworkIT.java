package org.jledger.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jledger.it.NodeClient.json;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.jledger.transaction.Transaction;
import org.junit.jupiter.api.Test;

/**
 * Three validators on Payara Micro that talk through a real Artemis broker: a transfer submitted to
 * one node is confirmed on all of them in one block; a validator killed with SIGKILL does not stop
 * the other two (quorum 51); restarted, it catches up to the same head.
 */
class NetworkIT {

  private static final int NODES = 3;

  @Test
  void threeValidatorsAgreeSurviveACrashAndTheCrashedOneCatchesUp() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String url = "tcp://localhost:" + port;
    Path data = Paths.get(System.getProperty("jledger.it.nodes")).resolve("broker");
    PayaraMicroNode.deleteRecursively(data);
    EmbeddedActiveMQ broker =
        new EmbeddedActiveMQ()
            .setConfiguration(
                new ConfigurationImpl()
                    .setPersistenceEnabled(false)
                    .setSecurityEnabled(false)
                    .setJournalDirectory(data.toString())
                    .addAcceptorConfiguration("tcp", url));
    broker.start();
    List<PayaraMicroNode> nodes = new ArrayList<>();
    try {
      for (int i = 0; i < NODES; i++) {
        int index = i;
        nodes.add(
            PayaraMicroNode.launch(
                "net-" + i,
                Map.of("jledger.broker.url", url, "jledger.node.name", "node_" + i),
                folder -> GettingStartedNetwork.writeNodeOf(folder, index, NODES)));
      }
      nodes.forEach(PayaraMicroNode::awaitReady);
      List<NodeClient> clients = nodes.stream().map(NodeClient::new).toList();

      Transaction first = GettingStartedNetwork.transfer(10, 0);
      GettingStartedFlow.submit(clients.get(0), first);
      for (NodeClient c : clients) {
        assertThat(awaitConfirmed(c, first).getString("status")).isEqualTo("confirmed");
      }
      assertSameHead(clients);

      nodes.get(2).crash();
      Transaction second = GettingStartedNetwork.transfer(5, 1);
      GettingStartedFlow.submit(clients.get(1), second);
      assertThat(awaitConfirmed(clients.get(0), second).getString("status")).isEqualTo("confirmed");

      nodes.set(2, nodes.get(2).relaunchStopped());
      nodes.get(2).awaitReady();
      NodeClient again = new NodeClient(nodes.get(2));
      assertThat(awaitConfirmed(again, second).getString("status")).isEqualTo("confirmed");
      assertSameHead(List.of(clients.get(0), clients.get(1), again));
      assertThat(
              json(again.get("/api/v1/state/-1?model=demo.BalanceModel"))
                  .getJsonObject("models")
                  .getJsonObject("demo.BalanceModel")
                  .getJsonObject(GettingStartedNetwork.BOB.address().value())
                  .getInt("balance"))
          .isEqualTo(115);
    } finally {
      nodes.forEach(PayaraMicroNode::close);
      broker.stop();
    }
  }

  /** Polls until the transaction is final on that node (it may first be unknown there). */
  private static jakarta.json.JsonObject awaitConfirmed(NodeClient c, Transaction tx)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
    while (Instant.now().isBefore(deadline)) {
      var r = c.get("/api/v1/transaction/" + tx.hash().hex());
      if (r.statusCode() == 200 && json(r).getString("status").equals("confirmed")) {
        return json(r);
      }
      Thread.sleep(250);
    }
    throw new AssertionError("not confirmed in time: " + tx.hash());
  }

  private static void assertSameHead(List<NodeClient> clients) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (true) {
      List<String> heads = new ArrayList<>();
      for (NodeClient c : clients) {
        heads.add(json(c.get("/api/v1/state/-1")).getString("hash"));
      }
      if (heads.stream().distinct().count() == 1) {
        return;
      }
      assertThat(Instant.now()).as("heads differ: %s", heads).isBefore(deadline);
      Thread.sleep(250);
    }
  }
}
