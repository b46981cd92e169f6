package org.jledger.cli;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.jledger.crypto.Address;
import org.jledger.encoding.CanonicalJson;
import org.jledger.transaction.Transaction;

/** A small client of a node's API ({@code /api/v1}), for the CLI. */
final class NodeClient {

  private final URI base;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  NodeClient(String apiUrl) {
    String url = apiUrl.endsWith("/") ? apiUrl : apiUrl + "/";
    this.base = URI.create(url);
  }

  /** The answer of a call: status and JSON body. */
  record Answer(int status, JsonObject body) {}

  JsonObject network() {
    return expect(get("network"), 200);
  }

  String networkId() {
    return network().getString("network_id");
  }

  /** The next nonce of {@code address} at the head state. */
  long nonce(Address address) {
    Answer a = get("state/-1/plug.model.NonceModel/" + address.value());
    JsonValue v = expect(a, 200).get("value");
    return v instanceof JsonNumber n ? n.longValueExact() : 0L;
  }

  Answer submit(Transaction tx) {
    return send(
        HttpRequest.newBuilder(base.resolve("transaction"))
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    CanonicalJson.toCanonicalString(tx.toJson()), StandardCharsets.UTF_8))
            .build());
  }

  Answer status(String hash) {
    return get("transaction/" + hash);
  }

  private Answer get(String path) {
    return send(HttpRequest.newBuilder(base.resolve(path)).GET().build());
  }

  private Answer send(HttpRequest request) {
    try {
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      JsonObject body =
          r.body().isBlank() ? JsonValue.EMPTY_JSON_OBJECT : CanonicalJson.parseObject(r.body());
      return new Answer(r.statusCode(), body);
    } catch (ConnectException e) {
      throw new CliException("cannot reach the node at " + base + " (is it running?)");
    } catch (IOException e) {
      throw new CliException("calling " + request.uri() + " failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted");
    }
  }

  static JsonObject expect(Answer a, int status) {
    if (a.status() != status) {
      String detail = a.body().containsKey("detail") ? a.body().getString("detail", "") : "";
      throw new CliException(
          "the node answered " + a.status() + (detail.isEmpty() ? "" : ": " + detail));
    }
    return a.body();
  }
}
