package org.jledger.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.jledger.encoding.CanonicalJson;

/** Calls one node over HTTP as a client would. */
final class NodeClient {

  private final java.util.function.Function<String, java.net.URI> uri;
  private final java.util.function.Supplier<String> tail;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  NodeClient(PayaraMicroNode node) {
    this(node::uri, node::tail);
  }

  /** A client of a node at {@code uri(path)}; {@code tail} shows its log when a call fails. */
  NodeClient(
      java.util.function.Function<String, java.net.URI> uri,
      java.util.function.Supplier<String> tail) {
    this.uri = uri;
    this.tail = tail;
  }

  HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(uri.apply(path)).GET());
  }

  HttpResponse<String> send(String method, String path, HttpRequest.BodyPublisher body) {
    return send(
        HttpRequest.newBuilder(uri.apply(path))
            .method(method, body)
            .header("Content-Type", "application/json"));
  }

  HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return http.send(
          request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError("request to " + uri.apply("") + " failed" + tail.get(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The answer's JSON object; fails naming the answer's status and headers when it has none. */
  static JsonObject json(HttpResponse<String> answer) {
    try {
      return CanonicalJson.PROVIDER.createReader(new StringReader(answer.body())).readObject();
    } catch (JsonException e) {
      throw new AssertionError(
          answer.request().method()
              + " "
              + answer.uri()
              + " answered "
              + answer.version()
              + " "
              + answer.statusCode()
              + " "
              + answer.headers().map()
              + " with no JSON object: '"
              + answer.body()
              + "'",
          e);
    }
  }

  /**
   * Asserts an RFC 9457 problem with this status and code and every member, and that nothing of a
   * stack trace or an HTML error page leaked.
   */
  static JsonObject assertProblem(HttpResponse<String> answer, int status, String code) {
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
    assertThat(answer.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    assertThat(answer.body())
        .doesNotContain("Exception")
        .doesNotContain("\tat ")
        .doesNotContain("at org.")
        .doesNotContainIgnoringCase("<html");
    JsonObject problem = json(answer);
    assertThat(problem.keySet())
        .containsExactlyInAnyOrder("type", "title", "status", "detail", "code");
    assertThat(problem.getInt("status")).isEqualTo(status);
    assertThat(problem.getString("code")).isEqualTo(code);
    assertThat(problem.getString("type")).isEqualTo("urn:jledger:problem:" + code);
    assertThat(problem.getString("title")).isNotBlank();
    assertThat(problem.getString("detail")).isNotBlank();
    return problem;
  }
}
