package org.jledger.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jledger.it.NodeClient.assertProblem;
import static org.jledger.it.NodeClient.json;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.jledger.crypto.SigningKey;
import org.jledger.encoding.CanonicalJson;
import org.jledger.transaction.Transaction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Bad input on every endpoint of a real node: each gets a problem+json with a stable code, never a
 * 500 or a stack trace, and changes nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiErrorsIT {

  private PayaraMicroNode node;
  private NodeClient client;

  @BeforeAll
  void start() throws Exception {
    node = PayaraMicroNode.start("api-errors", Map.of());
    client = new NodeClient(node);
  }

  @AfterAll
  void stop() {
    node.close();
  }

  private String valid() {
    return CanonicalJson.toCanonicalString(GettingStartedNetwork.transfer(10, 0).toJson());
  }

  private void assertRefused(String body, String code) {
    assertProblem(GettingStartedFlow.post(client, body), 400, code);
  }

  @Test
  void badTransactionsAreRefusedAndChangeNothing() {
    JsonObject before = json(client.get("/api/v1/network"));
    String tx = valid();
    assertRefused("{\"fqdn\": ", "invalid_json");
    assertRefused("", "invalid_json");
    assertRefused("[1,2]", "invalid_shape");
    assertRefused(tx + " {}", "invalid_json");
    assertRefused(tx.replace("\"amount\":10", "\"amount\":10,\"amount\":10"), "invalid_json");
    assertRefused(tx.replace("\"amount\":10", "\"amount\":10.5"), "invalid_json");
    assertRefused(tx.replace("\"amount\":10", "\"amount\":1e2"), "invalid_json");
    assertRefused(tx.replace("\"amount\":10", "\"amount\":99999999999999999999"), "invalid_json");
    assertRefused(tx.replace("\"nonce\":0", "\"nonce\":\"0\""), "invalid_shape");
    assertRefused(tx.replace("\"amount\":10", "\"amount\":\"10\""), "invalid_transform");
    assertRefused(
        tx.replace("plug_demo.balance.BalanceTransfer", "acme.NoSuchTransform"),
        "unknown_transform");
    assertRefused("{}", "invalid_shape");
    int at = tx.indexOf("\"signature\":\"") + 13;
    String badHex = tx.substring(0, at) + "zz" + tx.substring(at + 2);
    assertRefused(badHex, "invalid_hex");
    char c = tx.charAt(at);
    String badSignature = tx.substring(0, at) + (c == 'a' ? 'b' : 'a') + tx.substring(at + 1);
    assertRefused(badSignature, "invalid_signature");
    // at a nonce no other test spends (a future nonce is admitted; the funds are checked)
    assertRefused(
        CanonicalJson.toCanonicalString(
            GettingStartedNetwork.transfer(
                    GettingStartedNetwork.BOB, GettingStartedNetwork.ALICE, 100_000, 1_000)
                .toJson()),
        "insufficient_funds");
    assertProblem(
        client.send(
            "POST",
            "/api/v1/transaction",
            HttpRequest.BodyPublishers.ofByteArray(new byte[(1 << 20) + 1])),
        413,
        "content_too_large");

    JsonObject after = json(client.get("/api/v1/network"));
    assertThat(after.getInt("pool_size")).isEqualTo(before.getInt("pool_size"));
    assertThat(after.getInt("height")).isEqualTo(before.getInt("height"));
  }

  @Test
  void aBatchAdmitsOrRefusesEachTransactionOnItsOwn() {
    SigningKey bob = GettingStartedNetwork.BOB;
    SigningKey alice = GettingStartedNetwork.ALICE;
    Transaction first = GettingStartedNetwork.transfer(bob, alice, 1, 0);
    Transaction second = GettingStartedNetwork.transfer(bob, alice, 2, 1);
    Transaction tampered = GettingStartedNetwork.transfer(bob, alice, 3, 2);
    String tx = CanonicalJson.toCanonicalString(tampered.toJson());
    int at = tx.indexOf("\"signature\":\"") + 13;
    String badSignature =
        tx.substring(0, at) + (tx.charAt(at) == 'a' ? 'b' : 'a') + tx.substring(at + 1);
    String poor =
        CanonicalJson.toCanonicalString(
            GettingStartedNetwork.transfer(bob, alice, 1_000_000, 2).toJson());
    String body =
        String.join(
            ",",
            CanonicalJson.toCanonicalString(first.toJson()),
            badSignature,
            "{}",
            CanonicalJson.toCanonicalString(second.toJson()),
            CanonicalJson.toCanonicalString(first.toJson()),
            poor);
    HttpResponse<String> answer =
        client.send(
            "POST", "/api/v1/transactions", HttpRequest.BodyPublishers.ofString("[" + body + "]"));

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    JsonArray results = json(answer).getJsonArray("results");
    assertThat(results).hasSize(6);
    assertAdmitted(results.getJsonObject(0), first);
    assertThat(error(results.getJsonObject(1), "invalid_signature").getString("transaction_hash"))
        .isEqualTo(Transaction.parse(badSignature).hash().hex());
    assertThat(error(results.getJsonObject(2), "invalid_shape").containsKey("transaction_hash"))
        .isFalse();
    assertAdmitted(results.getJsonObject(3), second);
    assertAdmitted(results.getJsonObject(4), first);
    error(results.getJsonObject(5), "insufficient_funds");

    assertThat(GettingStartedFlow.awaitFinal(client, first.hash()).getString("status"))
        .isEqualTo("confirmed");
    assertThat(GettingStartedFlow.awaitFinal(client, second.hash()).getString("status"))
        .isEqualTo("confirmed");
    assertProblem(
        client.get("/api/v1/transaction/" + Transaction.parse(badSignature).hash().hex()),
        404,
        "unknown_transaction");
  }

  private static void assertAdmitted(JsonObject result, Transaction tx) {
    assertThat(result.keySet())
        .as(result.toString())
        .containsExactlyInAnyOrder("transaction_hash", "status");
    assertThat(result.getString("transaction_hash")).isEqualTo(tx.hash().hex());
    assertThat(result.getString("status")).isIn("pending", "proposed", "confirmed");
  }

  /** Asserts that {@code result} is an error with this code and a 400 problem; returns it. */
  private static JsonObject error(JsonObject result, String code) {
    JsonObject problem = result.getJsonObject("error");
    assertThat(problem).as(result.toString()).isNotNull();
    assertThat(problem.getInt("status")).isEqualTo(400);
    assertThat(problem.getString("code")).isEqualTo(code);
    assertThat(problem.getString("type")).isEqualTo("urn:jledger:problem:" + code);
    assertThat(problem.getString("detail")).isNotBlank();
    return result;
  }

  @Test
  void aBatchThatIsNotAnArrayOfTransactionsIsRefusedWhole() {
    JsonObject before = json(client.get("/api/v1/network"));
    String tx = valid();
    for (String body : List.of(tx, "[]", "{}", "7", "[" + (tx + ",").repeat(1000) + tx + "]")) {
      assertProblem(
          client.send("POST", "/api/v1/transactions", HttpRequest.BodyPublishers.ofString(body)),
          400,
          "invalid_batch");
    }
    assertProblem(
        client.send("POST", "/api/v1/transactions", HttpRequest.BodyPublishers.ofString("[" + tx)),
        400,
        "invalid_json");
    JsonObject after = json(client.get("/api/v1/network"));
    assertThat(after.getInt("pool_size")).isEqualTo(before.getInt("pool_size"));
  }

  @Test
  void aReplayIsRefusedOnceTheTransferIsConfirmed() {
    Transaction first = GettingStartedNetwork.transfer(5, 0);
    GettingStartedFlow.submit(client, first);
    assertThat(GettingStartedFlow.awaitFinal(client, first.hash()).getString("status"))
        .isEqualTo("confirmed");
    assertRefused(
        CanonicalJson.toCanonicalString(GettingStartedNetwork.transfer(7, 0).toJson()),
        "stale_nonce");
  }

  @Test
  void unknownThingsAre404AndBadParametersAre400() {
    String zeros = "0".repeat(64);
    assertProblem(client.get("/api/v1/transaction/" + zeros), 404, "unknown_transaction");
    assertProblem(client.get("/api/v1/transaction/xyz"), 400, "invalid_hex");
    assertProblem(client.get("/api/v1/block/" + zeros), 404, "unknown_block");
    assertProblem(client.get("/api/v1/block/999"), 404, "unknown_block");
    assertProblem(client.get("/api/v1/block/abc"), 400, "invalid_height");
    assertProblem(client.get("/api/v1/state/999"), 404, "unknown_height");
    assertProblem(client.get("/api/v1/state/-2"), 400, "invalid_height");
    assertProblem(client.get("/api/v1/state/-1/acme.NoSuchModel/x"), 404, "unknown_model");
    assertProblem(client.get("/api/v1/blocks?limit=1000"), 400, "invalid_parameter");
    assertProblem(client.get("/api/v1/blocks?order=sideways"), 400, "invalid_parameter");
  }

  @Test
  void everyReadEndpointAnswers() {
    assertThat(client.get("/api/v1/network").statusCode()).isEqualTo(200);
    assertThat(client.get("/api/v1/blocks").statusCode()).isEqualTo(200);
    assertThat(client.get("/api/v1/state/0").statusCode()).isEqualTo(200);
    JsonObject absent =
        json(client.get("/api/v1/state/0/demo.BalanceModel/1NoSuchAddressXXXXXXXXXXXXXXXXXXXX"));
    assertThat(absent.isNull("value")).isTrue();
    assertThat(absent.getJsonObject("proof")).isNotNull();
    assertThat(client.get("/openapi").body())
        .contains("/api/v1/transaction")
        .contains("/api/v1/transactions");
  }
}
