package org.jledger.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jledger.it.NodeClient.assertProblem;
import static org.jledger.it.NodeClient.json;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jledger.crypto.SigningKey;
import org.jledger.encoding.CanonicalJson;
import org.jledger.encoding.Hash;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Read permissions on a real node running {@code config/acl.yaml}: what an anonymous caller sees
 * before and after an admin sets a read ACL (an ordinary transaction, in force from the next
 * height), that a proof of a hidden key is refused rather than leaked, that the event stream leaves
 * hidden entries out, and that a non-admin cannot change the ACL. Callers who log in are covered
 * with the LDAP and certificate tests.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReadPermissionsIT {

  private static final String BALANCES = AclNetwork.BALANCES;

  private final SigningKey alice = GettingStartedNetwork.ALICE; // admin in config/acl.yaml
  private final SigningKey bob = GettingStartedNetwork.BOB;
  private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
  private PayaraMicroNode node;
  private NodeClient client;
  private long aliceNonce;

  @BeforeAll
  void start() throws Exception {
    node = PayaraMicroNode.launch("read-permissions", Map.of(), AclNetwork::writeInto);
    node.awaitReady();
    client = new NodeClient(node);
    // subscribed once the answer's headers are in; lines are read on their own thread
    HttpResponse<Stream<String>> stream =
        HttpClient.newHttpClient()
            .sendAsync(
                HttpRequest.newBuilder(node.uri("/api/v1/events")).build(),
                HttpResponse.BodyHandlers.ofLines())
            .get(30, TimeUnit.SECONDS);
    Thread reader = new Thread(() -> stream.body().forEach(events::add), "events");
    reader.setDaemon(true);
    reader.start();
  }

  @AfterAll
  void stop() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  @Order(1)
  void withoutAReadAclAnyoneReadsTheBalances() {
    assertThat(balancesAt("-1").keySet())
        .containsExactlyInAnyOrder(alice.address().value(), bob.address().value());
    assertThat(entry("-1", bob).statusCode()).isEqualTo(200);
    confirm(transfer(alice, bob, 1));
    assertThat(stateEventFor(BALANCES)).as("a state event shows the balances").isTrue();
  }

  @Test
  @Order(2)
  void aNonAdminCannotChangeTheReadAcl() {
    HttpResponse<String> answer =
        GettingStartedFlow.post(
            client,
            CanonicalJson.toCanonicalString(readAcl(bob, "{\"_anonymous\":[\"_all\"]}", 0)));
    assertProblem(answer, 403, "not_permitted");
  }

  @Test
  @Order(3)
  void afterAnAdminSetsTheReadAclAnonymousCallersSeeNoBalance() {
    long before = json(client.get("/api/v1/network")).getJsonNumber("height").longValue();
    Hash hash =
        confirm(
            readAcl(
                alice,
                "{\"_anonymous\":[\"_none\"],\"_authenticated\":[\"_self\"],"
                    + "\"admin|auditor\":[\"_all\"]}",
                aliceNonce++));
    JsonObject status = json(client.get("/api/v1/transaction/" + hash.hex()));
    long height = status.getJsonNumber("height").longValue();
    assertThat(height).isGreaterThanOrEqualTo(before);

    assertThat(balancesAt("-1")).isEmpty();
    assertThat(balancesAt(Long.toString(height))).as("older states are hidden too").isEmpty();
    assertThat(balancesAt("0")).isEmpty();
    JsonObject problem = assertProblem(entry("-1", bob), 403, "read_not_permitted");
    assertThat(problem.toString()).doesNotContain("balance\":");
    assertProblem(entry("0", alice), 403, "read_not_permitted");
    // what no rule covers stays readable: the ACL models themselves, the nonces
    assertThat(
            json(client.get("/api/v1/state/-1?model=plug.ext.acl.ACLReadModel"))
                .getJsonObject("models")
                .getJsonObject("plug.ext.acl.ACLReadModel")
                .keySet())
        .containsExactly(BALANCES);
  }

  @Test
  @Order(4)
  void theEventStreamLeavesHiddenEntriesOut() {
    events.clear();
    confirm(transfer(alice, bob, 2));
    JsonObject state = nextStateEvent();
    assertThat(state.getJsonArray("changes").getValuesAs(JsonObject.class))
        .isNotEmpty()
        .allSatisfy(c -> assertThat(c.getString("model")).isNotEqualTo(BALANCES));
  }

  // ---- helpers ----

  private JsonObject balancesAt(String height) {
    JsonObject models =
        json(client.get("/api/v1/state/" + height + "?model=" + BALANCES)).getJsonObject("models");
    return models.containsKey(BALANCES)
        ? models.getJsonObject(BALANCES)
        : JsonValue.EMPTY_JSON_OBJECT;
  }

  private HttpResponse<String> entry(String height, SigningKey who) {
    return client.get("/api/v1/state/" + height + "/" + BALANCES + "/" + who.address().value());
  }

  private JsonObject transfer(SigningKey from, SigningKey to, long amount) {
    return AclNetwork.transfer(from, to, amount, aliceNonce++);
  }

  private static JsonObject readAcl(SigningKey author, String rules, long nonce) {
    return AclNetwork.readAcl(author, rules, nonce);
  }

  private Hash confirm(JsonObject tx) {
    HttpResponse<String> answer =
        GettingStartedFlow.post(client, CanonicalJson.toCanonicalString(tx));
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
    Hash hash = Hash.fromHex(json(answer).getString("transaction_hash"), "transaction_hash");
    assertThat(GettingStartedFlow.awaitFinal(client, hash).getString("status"))
        .isEqualTo("confirmed");
    return hash;
  }

  /** Whether a state event naming {@code model} arrives in time. */
  private boolean stateEventFor(String model) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (Instant.now().isBefore(deadline)) {
      JsonObject e = nextStateEvent();
      if (e.getJsonArray("changes").getValuesAs(JsonObject.class).stream()
          .anyMatch(c -> c.getString("model").equals(model))) {
        return true;
      }
    }
    return false;
  }

  private JsonObject nextStateEvent() {
    try {
      boolean isState = false;
      while (true) {
        String line = events.poll(30, TimeUnit.SECONDS);
        assertThat(line).as("an event in time").isNotNull();
        if (line.startsWith("event:")) {
          isState = line.substring(6).strip().equals("state");
        } else if (isState && line.startsWith("data:")) {
          return CanonicalJson.parseObject(line.substring(5).strip());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
