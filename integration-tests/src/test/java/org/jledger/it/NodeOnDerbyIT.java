package org.jledger.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jledger.it.NodeClient.assertProblem;
import static org.jledger.it.NodeClient.json;

import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** One node on its default database, embedded Derby in its folder; every test only reads. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NodeOnDerbyIT {

  private static final int ONE_MIB = 1 << 20;

  private PayaraMicroNode node;
  private NodeClient client;

  @BeforeAll
  void startNode() throws IOException {
    node = PayaraMicroNode.start("derby", Map.of());
    client = new NodeClient(node);
  }

  @AfterAll
  void stopNode() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void becomesReadyOnceItWroteItsStartUpRowToDerby() {
    HttpResponse<String> ready = client.get("/health/ready");

    assertThat(ready.statusCode()).isEqualTo(200);
    JsonObject check = json(ready).getJsonArray("checks").getJsonObject(0);
    assertThat(check.getString("name")).isEqualTo("jledger-node");
    assertThat(check.getString("status")).isEqualTo("UP");
    assertThat(check.getJsonObject("data").getString("database"))
        .isEqualTo("met: schema version 4, start number 1");
    assertThat(node.folder().resolve("db").resolve("service.properties")).exists();
  }

  @Test
  void describesItselfAndItsDatabase() {
    HttpResponse<String> answer = client.get("/api/v1/node");

    assertThat(answer.statusCode()).isEqualTo(200);
    JsonObject self = json(answer);
    assertThat(self.getBoolean("ready")).isTrue();
    JsonObject database = self.getJsonObject("database");
    assertThat(database.getInt("schema_version")).isEqualTo(4);
    assertThat(database.getInt("starts")).isEqualTo(1);
    assertThat(database.getString("software_version"))
        .isEqualTo(System.getProperty("jledger.it.version"));
  }

  @Test
  void isAlive() {
    HttpResponse<String> live = client.get("/health/live");

    assertThat(live.statusCode()).isEqualTo(200);
    assertThat(json(live).getString("status")).isEqualTo("UP");
  }

  @Test
  void servesItsOpenApiDocumentAndABrowsableUi() {
    HttpResponse<String> document = client.get("/openapi");
    HttpResponse<String> ui = client.get("/openapi-ui/");
    HttpResponse<String> script = client.get("/openapi-ui/swagger-ui-bundle.js");

    assertThat(document.statusCode()).isEqualTo(200);
    assertThat(document.body()).startsWith("openapi: 3").contains("/api/v1/node");
    assertThat(ui.statusCode()).isEqualTo(200);
    assertThat(ui.body()).contains("swagger-ui-bundle.js").contains("../openapi");
    assertThat(script.statusCode()).isEqualTo(200);
  }

  @Test
  void anUnknownApiPathIsANotFoundProblem() {
    JsonObject problem = assertProblem(client.get("/api/v1/no-such-thing"), 404, "not_found");

    assertThat(problem.getString("detail")).contains("/api/v1/no-such-thing");
  }

  @Test
  void anUnknownPathOutsideTheApiIsANotFoundProblemToo() {
    assertProblem(client.get("/no-such-page"), 404, "not_found");
  }

  @Test
  void aMethodTheResourceDoesNotHaveIsAMethodNotAllowedProblemNamingTheAllowedOnes() {
    HttpResponse<String> answer =
        client.send("DELETE", "/api/v1/node", HttpRequest.BodyPublishers.noBody());

    JsonObject problem = assertProblem(answer, 405, "method_not_allowed");
    assertThat(answer.headers().firstValue("Allow"))
        .hasValueSatisfying(a -> assertThat(a).contains("GET"));
    assertThat(problem.getString("detail")).contains("DELETE");
  }

  @Test
  void aBodyOverTheDefaultLimitIsRefusedWith413() {
    byte[] body = new byte[ONE_MIB + 1];

    JsonObject declared =
        assertProblem(
            client.send(
                "POST", "/api/v1/transaction", HttpRequest.BodyPublishers.ofByteArray(body)),
            413,
            "content_too_large");
    assertProblem(
        client.send(
            "POST",
            "/api/v1/transaction",
            HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))),
        413,
        "content_too_large");
    assertThat(declared.getString("detail")).contains(Integer.toString(ONE_MIB));
  }

  @Test
  void aBodyAtTheLimitIsNotRefusedForItsSize() {
    byte[] body = new byte[ONE_MIB];

    assertProblem(
        client.send("POST", "/api/v1/no-such-thing", HttpRequest.BodyPublishers.ofByteArray(body)),
        404,
        "not_found");
  }
}
