package org.jledger.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jledger.it.NodeClient.json;

import jakarta.jms.JMSContext;
import jakarta.jms.TextMessage;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.jledger.consensus.Signed;
import org.jledger.consensus.VotePayload;
import org.jledger.crypto.Address;
import org.jledger.crypto.SigningKey;
import org.jledger.encoding.CanonicalJson;
import org.jledger.encoding.Hash;
import org.jledger.encoding.Timestamps;
import org.jledger.transaction.Transaction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Four validators (100 voting power each, quorum 67) and one observer on Payara Micro, talking
 * through a real Artemis broker, taken through the faults of the network issue one after the other
 * on one network: a crash under steady load, a broker restart under load, a validator whose
 * database is wiped, lost quorum, equivocation and poisoned messages, and validator-set changes.
 * After every fault the nodes end on one chain with nothing lost.
 *
 * <p>The observer runs with a key that holds no voting power, so it follows the chain and serves
 * reads until the validators vote it in.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsortiumIT {

  private static final int VALIDATORS = 4;
  private static final int OBSERVER = VALIDATORS;
  private static final Duration CONVERGE = Duration.ofSeconds(120);

  private final Consortium consortium = new Consortium(VALIDATORS);
  private final List<PayaraMicroNode> nodes = new CopyOnWriteArrayList<>();
  private final Map<Address, Long> nonces = new HashMap<>();
  private String brokerUrl;
  private Path brokerData;
  private EmbeddedActiveMQ broker;
  private SteadyLoad load;

  @BeforeAll
  void startNetwork() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      brokerUrl = "tcp://localhost:" + s.getLocalPort();
    }
    brokerData = Paths.get(System.getProperty("jledger.it.nodes")).resolve("consortium-broker");
    startBroker();
    for (int i = 0; i <= VALIDATORS; i++) {
      SigningKey key = i == OBSERVER ? Consortium.observer() : Consortium.validator(i);
      nodes.add(
          PayaraMicroNode.launch(
              "consortium-" + i,
              Map.of("jledger.broker.url", brokerUrl, "jledger.node.name", "node_" + i),
              folder -> consortium.writeNode(folder, key)));
    }
    nodes.forEach(PayaraMicroNode::awaitReady);
  }

  @AfterAll
  void stopNetwork() throws Exception {
    if (load != null) {
      load.stop();
    }
    nodes.forEach(PayaraMicroNode::close);
    if (broker != null) {
      broker.stop();
    }
  }

  @Test
  @Order(1)
  void aTransferSubmittedToOneNodeIsConfirmedOnAllWithOneHead() {
    JsonObject confirmed = GettingStartedFlow.run(client(0));
    long height = confirmed.getJsonNumber("height").longValue();
    for (int i = 0; i <= OBSERVER; i++) {
      JsonObject status = awaitConfirmed(client(i), confirmed.getString("transaction_hash"));
      assertThat(status.getJsonNumber("height").longValue()).isEqualTo(height);
      assertThat(status.getString("block_hash")).isEqualTo(confirmed.getString("block_hash"));
    }
    nonces.put(GettingStartedNetwork.ALICE.address(), 1L);
    assertOneChain(allNodes());
    assertThat(json(client(0).get("/api/v1/network")).getJsonArray("validators"))
        .hasSize(VALIDATORS);
    assertThat(json(client(OBSERVER).get("/api/v1/network")).getJsonObject("node"))
        .containsEntry("validator", jakarta.json.JsonValue.FALSE);
  }

  @Test
  @Order(2)
  void aValidatorKilledUnderLoadCatchesUpAndTheOthersGoOn() throws Exception {
    load = new SteadyLoad();
    load.start();
    awaitProgress(List.of(0, 1, 2, 3), 3);
    // a validator's last message of a height may come after the others decided it (and is not
    // checked then), but over several heights node 0 hears from everyone
    await(
        () ->
            json(client(0).get("/api/v1/network"))
                .getJsonArray("validators")
                .getValuesAs(JsonObject.class)
                .stream()
                .allMatch(v -> v.get("last_seen") instanceof jakarta.json.JsonString),
        CONVERGE,
        "node 0 to have seen every validator");
    nodes.get(3).crash();
    awaitProgress(List.of(0, 1, 2), 5);
    nodes.set(3, nodes.get(3).relaunchStopped());
    nodes.get(3).awaitReady();
    awaitCaughtUp(3);
  }

  @Test
  @Order(3)
  void theNetworkResumesByItselfWhenTheBrokerRestartsUnderLoad() throws Exception {
    awaitProgress(List.of(0, 1, 2, 3), 2);
    broker.stop();
    Thread.sleep(3_000);
    startBroker();
    awaitProgress(List.of(0, 1, 2, 3, OBSERVER), 5);
  }

  @Test
  @Order(4)
  void aValidatorWithItsDatabaseWipedRejoinsFromGenesis() throws Exception {
    nodes.get(2).close();
    PayaraMicroNode.deleteRecursively(nodes.get(2).folder().resolve("db"));
    nodes.set(2, nodes.get(2).relaunchStopped());
    nodes.get(2).awaitReady();
    awaitCaughtUp(2);
    awaitProgress(List.of(0, 1, 2, 3), 3);
  }

  @Test
  @Order(5)
  void everyTransactionOfTheLoadIsConfirmedOnceOnEveryNode() throws Exception {
    Duration ran = load.stop();
    List<Transaction> sent = load.accepted();
    System.out.printf(
        "[consortium] load: %d transactions accepted in %.1f s, %d refused: %.2000s%n",
        sent.size(), ran.toMillis() / 1000.0, load.refused().size(), load.refused());
    assertThat(load.refused()).isEmpty();
    assertThat(sent).hasSizeGreaterThan(100);
    for (Transaction tx : sent) {
      awaitConfirmed(client(0), tx.hash().hex());
    }
    assertOneChain(allNodes());
    long total = 0;
    for (SigningKey a : consortium.loadAccounts) {
      long n = load.sentBy(a);
      total += n;
      for (int i : allNodes()) {
        assertThat(balance(i, a)).isEqualTo(Consortium.LOAD_BALANCE - n);
      }
    }
    for (int i : allNodes()) {
      assertThat(balance(i, SteadyLoad.SINK)).as("the sink on node %d", i).isEqualTo(total);
    }
    report(load.startedAt(), ran);
  }

  @Test
  @Order(6)
  void poisonedMessagesAreDroppedAndEquivocationIsRecorded() throws Exception {
    long height = json(client(0).get("/api/v1/network")).getJsonNumber("height").longValue();
    SigningKey twoFaced = Consortium.validator(1);
    String network = consortium.config.networkId();
    JsonObject nilVote = vote(twoFaced, network, height, null);
    JsonObject otherVote = vote(twoFaced, network, height, Hash.sha256(new byte[] {1}));
    try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(brokerUrl);
        JMSContext jms = factory.createContext()) {
      var votes = jms.createTopic("jledger." + network + ".votes");
      var producer = jms.createProducer();
      List<String> poison =
          List.of(
              "not json at all",
              "[1, 2, 3]",
              "{\"fqdn\": \"plug.consensus.Vote\"}",
              CanonicalJson.toCanonicalString(
                  vote(Consortium.key("outsider"), network, height, null)),
              CanonicalJson.toCanonicalString(vote(twoFaced, "another-network", height, null)),
              CanonicalJson.toCanonicalString(nilVote).replace("\"round\":999", "\"round\":998"),
              CanonicalJson.toCanonicalString(nilVote),
              CanonicalJson.toCanonicalString(otherVote));
      for (String text : poison) {
        TextMessage m = jms.createTextMessage(text);
        m.setStringProperty("fqdn", "plug.consensus.Vote");
        m.setStringProperty("sender", "intruder");
        producer.send(votes, m);
      }
      producer.send(votes, jms.createBytesMessage());
    }
    for (int i : List.of(0, 2, 3)) {
      await(
          () -> evidenceAgainst(i, twoFaced).size() > 0,
          Duration.ofSeconds(30),
          "evidence against validator 1 on node " + i);
      JsonObject evidence = evidenceAgainst(i, twoFaced).get(0);
      assertThat(evidence.getJsonNumber("height").longValue()).isEqualTo(height);
      assertThat(List.of(evidence.getJsonObject("first"), evidence.getJsonObject("second")))
          .containsExactlyInAnyOrder(nilVote, otherVote);
    }
    // the consumers survived: the network still commits
    Transaction tx = nextTransfer(GettingStartedNetwork.ALICE, 1);
    GettingStartedFlow.submit(client(3), tx);
    for (int i : allNodes()) {
      awaitConfirmed(client(i), tx.hash().hex());
    }
    assertOneChain(allNodes());
  }

  @Test
  @Order(7)
  void losingQuorumStallsWithoutForkingAndTheNetworkResumesWhenItReturns() throws Exception {
    long before = height(0);
    nodes.get(2).close();
    nodes.get(3).close();
    Transaction tx = nextTransfer(GettingStartedNetwork.ALICE, 5);
    GettingStartedFlow.submit(client(0), tx);
    Thread.sleep(15_000);
    for (int i : List.of(0, 1, OBSERVER)) {
      assertThat(height(i)).as("height of node %d without quorum", i).isEqualTo(before);
      assertThat(status(i, tx)).isIn("pending", "proposed");
    }
    nodes.set(2, nodes.get(2).relaunchStopped());
    nodes.set(3, nodes.get(3).relaunchStopped());
    nodes.get(2).awaitReady();
    nodes.get(3).awaitReady();
    for (int i : allNodes()) {
      awaitConfirmed(client(i), tx.hash().hex());
    }
    assertOneChain(allNodes());
  }

  @Test
  @Order(8)
  void validatorSetChangesTakeEffectFromTheNextHeight() throws Exception {
    SigningKey newcomer = Consortium.observer();
    // three of four (300 of 400) approve adding the observer as a fifth validator
    List<Transaction> add = new ArrayList<>();
    for (int v = 0; v < 3; v++) {
      add.add(approve(Consortium.validator(v), "add-observer", Map.of(newcomer, 100L)));
    }
    for (int v = 0; v < 3; v++) {
      GettingStartedFlow.submit(client(v), add.get(v));
    }
    for (Transaction tx : add) {
      awaitConfirmed(client(OBSERVER), tx.hash().hex());
    }
    for (int i : allNodes()) {
      await(
          () -> json(client(i).get("/api/v1/network")).getJsonArray("validators").size() == 5,
          Duration.ofSeconds(30),
          "five validators on node " + i);
    }
    assertThat(json(client(OBSERVER).get("/api/v1/network")).getJsonObject("node"))
        .containsEntry("validator", jakarta.json.JsonValue.TRUE);

    // four of five (400 of 500) give validator 0 600 of 1000: with validator 1 it holds a quorum
    SigningKey heavy = Consortium.validator(0);
    List<Transaction> reweigh = new ArrayList<>();
    for (int v : List.of(0, 1, 2, OBSERVER)) {
      SigningKey signer = v == OBSERVER ? newcomer : Consortium.validator(v);
      reweigh.add(approve(signer, "reweigh", Map.of(heavy, 600L)));
    }
    for (Transaction tx : reweigh) {
      GettingStartedFlow.submit(client(0), tx);
    }
    for (Transaction tx : reweigh) {
      awaitConfirmed(client(0), tx.hash().hex());
    }
    await(
        () -> json(client(1).get("/api/v1/network")).getInt("total_voting_power") == 1000,
        Duration.ofSeconds(30),
        "the new weights on node 1");

    // the same two validators that stalled before without 2 and 3 now decide on their own
    nodes.get(2).close();
    nodes.get(3).close();
    Transaction tx = nextTransfer(GettingStartedNetwork.ALICE, 1);
    GettingStartedFlow.submit(client(1), tx);
    for (int i : List.of(0, 1, OBSERVER)) {
      awaitConfirmed(client(i), tx.hash().hex());
    }
    assertOneChain(List.of(0, 1, OBSERVER));
  }

  // --- the network ---------------------------------------------------------------------------

  private void startBroker() throws Exception {
    PayaraMicroNode.deleteRecursively(brokerData);
    broker =
        new EmbeddedActiveMQ()
            .setConfiguration(
                new ConfigurationImpl()
                    .setPersistenceEnabled(false)
                    .setSecurityEnabled(false)
                    .setJournalDirectory(brokerData.toString())
                    .addAcceptorConfiguration("tcp", brokerUrl));
    broker.start();
  }

  private NodeClient client(int i) {
    return new NodeClient(nodes.get(i));
  }

  private static List<Integer> allNodes() {
    List<Integer> all = new ArrayList<>();
    for (int i = 0; i <= OBSERVER; i++) {
      all.add(i);
    }
    return all;
  }

  private long height(int i) {
    return json(client(i).get("/api/v1/network")).getJsonNumber("height").longValue();
  }

  private long balance(int i, SigningKey who) {
    return GettingStartedFlow.balance(client(i), "-1", who)
        .getJsonObject("value")
        .getJsonNumber("balance")
        .longValue();
  }

  private String status(int i, Transaction tx) {
    return json(client(i).get("/api/v1/transaction/" + tx.hash().hex())).getString("status");
  }

  private Transaction nextTransfer(SigningKey from, long amount) {
    long nonce = nonces.merge(from.address(), 1L, Long::sum) - 1;
    return consortium.transfer(from, GettingStartedNetwork.BOB, amount, nonce);
  }

  private Transaction approve(SigningKey validator, String proposal, Map<SigningKey, Long> to) {
    long nonce = nonces.merge(validator.address(), 1L, Long::sum) - 1;
    return consortium.approve(validator, nonce, proposal, to);
  }

  private static JsonObject vote(SigningKey key, String network, long height, Hash block) {
    return Signed.sign(
            new VotePayload(
                VotePayload.Phase.VOTE,
                network,
                height,
                999,
                block,
                Timestamps.format(Instant.now())),
            key)
        .toJson();
  }

  private List<JsonObject> evidenceAgainst(int i, SigningKey validator) {
    return json(client(i).get("/api/v1/evidence")).getJsonArray("evidence").stream()
        .map(JsonObject.class::cast)
        .filter(e -> e.getString("validator").equals(validator.address().value()))
        .toList();
  }

  /** Waits until every one of {@code which} has committed {@code blocks} more blocks. */
  private void awaitProgress(List<Integer> which, int blocks) {
    Map<Integer, Long> start = new HashMap<>();
    which.forEach(i -> start.put(i, height(i)));
    for (int i : which) {
      await(
          () -> height(i) >= start.get(i) + blocks,
          CONVERGE,
          "node " + i + " to commit " + blocks + " blocks after height " + start.get(i));
    }
  }

  /** Waits until node {@code i} has reached the height node 0 had when it came back. */
  private void awaitCaughtUp(int i) {
    long target = height(0);
    await(() -> height(i) >= target, CONVERGE, "node " + i + " to catch up to height " + target);
    assertOneChain(List.of(0, i));
  }

  /** All of {@code which} hold the same block at the lowest of their heights, and at 0. */
  private void assertOneChain(List<Integer> which) {
    await(
        () -> {
          long lowest = which.stream().mapToLong(this::height).min().orElseThrow() - 1;
          List<String> hashes = new ArrayList<>();
          for (int i : which) {
            hashes.add(json(client(i).get("/api/v1/block/" + lowest)).getString("hash"));
          }
          return Collections.frequency(hashes, hashes.get(0)) == hashes.size();
        },
        CONVERGE,
        "one chain on nodes " + which);
    List<String> heads = new ArrayList<>();
    await(
        () -> {
          heads.clear();
          for (int i : which) {
            heads.add(json(client(i).get("/api/v1/state/-1")).getString("hash"));
          }
          return heads.stream().distinct().count() == 1;
        },
        CONVERGE,
        "one head on nodes " + which + " (" + heads + ")");
  }

  private static JsonObject awaitConfirmed(NodeClient c, String hash) {
    JsonObject[] last = new JsonObject[1];
    await(
        () -> {
          HttpResponse<String> r = c.get("/api/v1/transaction/" + hash);
          if (r.statusCode() != 200) {
            return false;
          }
          last[0] = json(r);
          assertThat(last[0].getString("status")).as(r.body()).isNotEqualTo("rejected");
          return last[0].getString("status").equals("confirmed");
        },
        CONVERGE,
        "transaction " + hash + " to be confirmed");
    return last[0];
  }

  private static void await(BooleanSupplier condition, Duration timeout, String what) {
    Instant deadline = Instant.now().plus(timeout);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /** Prints what the load measured: blocks per second and the nodes' commit latency. */
  private void report(Instant from, Duration ran) {
    long blocks = 0;
    long transactions = 0;
    JsonObject page = json(client(0).get("/api/v1/blocks?limit=100"));
    for (JsonObject b : page.getJsonArray("blocks").getValuesAs(JsonObject.class)) {
      Instant t = Timestamps.parse(b.getString("timestamp"), "timestamp");
      if (!t.isBefore(from) && !t.isAfter(from.plus(ran))) {
        blocks++;
        transactions += b.getJsonNumber("transaction_count").longValue();
      }
    }
    System.out.printf(
        "[consortium] last 100 blocks inside the load window: %d blocks, %d transactions%n",
        blocks, transactions);
    String metrics = client(0).get("/metrics").body();
    metrics
        .lines()
        .filter(l -> l.startsWith("jledger_commit_latency") && !l.startsWith("#"))
        .forEach(l -> System.out.println("[consortium] node_0 " + l));
  }

  /**
   * Open-loop load: every 100 ms one transfer of 1 from one of the load accounts (in turn) to a
   * sink account, sent to the nodes in turn; a node that is down or not ready is skipped and the
   * same transaction goes to the next one, so none is lost by the client.
   */
  private final class SteadyLoad {

    static final SigningKey SINK = Consortium.key("load sink");

    private final HttpClient http =
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Transaction> accepted = new CopyOnWriteArrayList<>();
    private final List<String> refused = new CopyOnWriteArrayList<>();
    private final Map<Address, Long> sent = new HashMap<>();
    private final Thread thread = new Thread(this::run, "steady load");
    private volatile boolean running = true;
    private Instant startedAt;

    void start() {
      startedAt = Instant.now();
      thread.start();
    }

    Instant startedAt() {
      return startedAt;
    }

    Duration stop() throws InterruptedException {
      running = false;
      thread.join();
      return Duration.between(startedAt, Instant.now());
    }

    List<Transaction> accepted() {
      return accepted;
    }

    List<String> refused() {
      return refused;
    }

    synchronized long sentBy(SigningKey account) {
      return sent.getOrDefault(account.address(), 0L);
    }

    private void run() {
      int next = 0;
      int node = 0;
      while (running) {
        SigningKey from = consortium.loadAccounts.get(next++ % consortium.loadAccounts.size());
        Transaction tx = consortium.transfer(from, SINK, 1, sentBy(from));
        String body = CanonicalJson.toCanonicalString(tx.toJson());
        boolean done = false;
        while (running && !done) {
          PayaraMicroNode target = nodes.get(node++ % VALIDATORS);
          try {
            HttpResponse<String> r =
                http.send(
                    HttpRequest.newBuilder(target.uri("/api/v1/transaction"))
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
            boolean problem =
                r.headers()
                    .firstValue("Content-Type")
                    .orElse("")
                    .startsWith("application/problem+json");
            if (r.statusCode() == 202) {
              accepted.add(tx);
              synchronized (this) {
                sent.merge(from.address(), 1L, Long::sum);
              }
              done = true;
            } else if (problem && r.statusCode() < 500) {
              refused.add(r.statusCode() + " " + r.body());
              done = true;
            }
            // otherwise the node is starting (Payara answers 404 or 503 before the application is
            // deployed and ready): the next one takes the same transaction
          } catch (IOException e) {
            // the node is down: the next one takes the same transaction
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
          pause(done ? 100 : 50);
        }
      }
    }

    private void pause(long millis) {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        running = false;
      }
    }
  }
}
