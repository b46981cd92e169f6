package org.jledger.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jledger.it.NodeClient.json;

import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.jledger.chain.Block;
import org.jledger.encoding.CanonicalJson;
import org.jledger.encoding.Hash;
import org.jledger.state.State;
import org.jledger.state.StateKey;
import org.jledger.state.StateProof;
import org.jledger.transaction.Transaction;

/**
 * The getting-started walkthrough of the Plug documentation against a running node: Alice sends Bob
 * 10; the transaction is pending, then confirmed; the head holds 90 and 110, height 0 still 100 and
 * 100; Bob's balance comes with a proof that verifies against the result state hash of the block
 * that holds the transfer.
 */
final class GettingStartedFlow {

  private GettingStartedFlow() {}

  static HttpResponse<String> post(NodeClient client, String body) {
    return client.send("POST", "/api/v1/transaction", HttpRequest.BodyPublishers.ofString(body));
  }

  static String submit(NodeClient client, Transaction tx) {
    HttpResponse<String> answer = post(client, CanonicalJson.toCanonicalString(tx.toJson()));
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
    return json(answer).getString("status");
  }

  /** Polls a transaction until it is confirmed or rejected; fails after a deadline. */
  static JsonObject awaitFinal(NodeClient client, Hash hash) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (true) {
      HttpResponse<String> r = client.get("/api/v1/transaction/" + hash.hex());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      JsonObject status = json(r);
      String s = status.getString("status");
      if (s.equals("confirmed") || s.equals("rejected")) {
        return status;
      }
      assertThat(s).isIn("pending", "proposed");
      assertThat(Instant.now()).as("still " + s).isBefore(deadline);
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  static JsonObject balance(NodeClient client, String height, org.jledger.crypto.SigningKey who) {
    HttpResponse<String> r =
        client.get("/api/v1/state/" + height + "/demo.BalanceModel/" + who.address());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return json(r);
  }

  /** Runs the walkthrough; returns the confirmed transaction's status answer. */
  static JsonObject run(NodeClient client) {
    Transaction tx = GettingStartedNetwork.transfer(10, 0);
    assertThat(submit(client, tx)).isIn("pending", "proposed", "confirmed");
    JsonObject status = awaitFinal(client, tx.hash());
    assertThat(status.getString("status")).as(status.toString()).isEqualTo("confirmed");
    assertThat(status.getJsonObject("transaction")).isEqualTo(tx.toJson());
    long height = status.getJsonNumber("height").longValue();

    JsonObject head =
        json(client.get("/api/v1/state/-1?model=plug_demo.balance.BalanceModel"))
            .getJsonObject("models")
            .getJsonObject("demo.BalanceModel");
    assertThat(head.getJsonObject(GettingStartedNetwork.ALICE.address().value()).getInt("balance"))
        .isEqualTo(90);
    assertThat(head.getJsonObject(GettingStartedNetwork.BOB.address().value()).getInt("balance"))
        .isEqualTo(110);
    JsonObject genesis =
        json(client.get("/api/v1/state/0"))
            .getJsonObject("models")
            .getJsonObject("demo.BalanceModel");
    assertThat(
            genesis.getJsonObject(GettingStartedNetwork.ALICE.address().value()).getInt("balance"))
        .isEqualTo(100);
    assertThat(genesis.getJsonObject(GettingStartedNetwork.BOB.address().value()).getInt("balance"))
        .isEqualTo(100);

    // Bob's balance after the block, proved against the block's certified result_state_hash
    JsonObject block = json(client.get("/api/v1/block/" + height));
    assertThat(block.getString("hash")).isEqualTo(status.getString("block_hash"));
    // the first block by height (the stored text below the head) and by hash (parsed, encoded
    // again): the same canonical text, and it hashes to the block's hash
    HttpResponse<String> first = client.get("/api/v1/block/0");
    Block firstBlock = Block.fromJson(CanonicalJson.parse(first.body()));
    assertThat(client.get("/api/v1/block/" + firstBlock.hash().hex()).body())
        .isEqualTo(first.body());
    assertThat(CanonicalJson.toCanonicalString(firstBlock.toJson())).isEqualTo(first.body());
    assertThat(block.getJsonArray("commits")).isNotEmpty();
    JsonObject entry = balance(client, String.valueOf(height + 1), GettingStartedNetwork.BOB);
    JsonObject state = entry.getJsonObject("state");
    Hash root = Hash.fromHex(state.getString("state_root"), "root");
    StateProof proof = StateProof.fromJson(entry.getJsonObject("proof"));
    StateKey key = new StateKey("demo.BalanceModel", GettingStartedNetwork.BOB.address().value());
    assertThat(proof.verify(root, key, entry.get("value"))).isTrue();
    assertThat(proof.verify(root, key, CanonicalJson.parse("{\"balance\":111}"))).isFalse();
    Hash previous =
        state.isNull("previous_block_hash")
            ? null
            : Hash.fromHex(state.getString("previous_block_hash"), "previous");
    assertThat(
            State.hashOf(
                    state.getJsonNumber("height").longValue(),
                    state.getString("network_id"),
                    previous,
                    root)
                .hex())
        .isEqualTo(block.getString("result_state_hash"))
        .isEqualTo(entry.getString("state_hash"));
    return status;
  }
}
