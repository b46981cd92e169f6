package org.jledger.api;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ejb.EJBException;
import jakarta.json.JsonObject;
import jakarta.ws.rs.InternalServerErrorException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.ServiceUnavailableException;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import org.jledger.InvalidInputException;
import org.jledger.LedgerException;
import org.jledger.encoding.CanonicalJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProblemMapperTest {

  private final ProblemMapper mapper = new ProblemMapper(Duration.ofSeconds(7));

  @ParameterizedTest
  @CsvSource({"INVALID, 400", "FORBIDDEN, 403", "NOT_FOUND, 404", "CONFLICT, 409"})
  void aRefusalOfTheCoreBecomesAProblemWithItsCategorysStatusAndItsCode(
      LedgerException.Category category, int status) {
    Response answer = mapper.toResponse(new Refusal(category, "stale_nonce", "nonce 3 was used"));

    assertThat(answer.getStatus()).isEqualTo(status);
    assertThat(answer.getMediaType()).hasToString("application/problem+json");
    JsonObject problem = body(answer);
    assertThat(problem.getString("type")).isEqualTo("urn:jledger:problem:stale_nonce");
    assertThat(problem.getString("title"))
        .isEqualTo(Response.Status.fromStatusCode(status).getReasonPhrase());
    assertThat(problem.getInt("status")).isEqualTo(status);
    assertThat(problem.getString("detail")).isEqualTo("nonce 3 was used");
    assertThat(problem.getString("code")).isEqualTo("stale_nonce");
    assertThat(answer.getHeaderString("Retry-After")).isNull();
  }

  @Test
  void aNodeThatIsNotReadyAnswers503WithRetryAfter() {
    Response answer =
        mapper.toResponse(
            new Refusal(LedgerException.Category.UNAVAILABLE, "not_ready", "still loading"));

    assertThat(answer.getStatus()).isEqualTo(503);
    assertThat(answer.getHeaderString("Retry-After")).isEqualTo("7");
    assertThat(body(answer).getString("code")).isEqualTo("not_ready");
  }

  @Test
  void aRefusalWrappedByTheEjbContainerIsStillARefusal() {
    Response answer =
        mapper.toResponse(
            new EJBException(new InvalidInputException("invalid_signature", "bad signature")));

    assertThat(answer.getStatus()).isEqualTo(400);
    assertThat(body(answer).getString("code")).isEqualTo("invalid_signature");
  }

  @Test
  void anUnknownPathIsA404Problem() {
    Response answer = mapper.toResponse(new NotFoundException());

    assertThat(answer.getStatus()).isEqualTo(404);
    assertThat(answer.getMediaType()).hasToString("application/problem+json");
    assertThat(body(answer).getString("code")).isEqualTo("not_found");
  }

  @Test
  void aMethodNotAllowedKeepsTheAllowHeader() {
    Response answer =
        mapper.toResponse(
            new NotAllowedException(Response.status(405).allow("GET", "HEAD").build()));

    assertThat(answer.getStatus()).isEqualTo(405);
    assertThat(answer.getAllowedMethods()).containsExactlyInAnyOrder("GET", "HEAD");
    assertThat(body(answer).getString("code")).isEqualTo("method_not_allowed");
    assertThat(body(answer).getString("detail")).contains("GET").contains("HEAD");
  }

  @Test
  void anUnsupportedMediaTypeIsA415Problem() {
    Response answer = mapper.toResponse(new NotSupportedException());

    assertThat(answer.getStatus()).isEqualTo(415);
    assertThat(body(answer).getString("code")).isEqualTo("unsupported_media_type");
  }

  @Test
  void aServiceUnavailableFromJaxRsGetsARetryAfter() {
    Response answer = mapper.toResponse(new ServiceUnavailableException());

    assertThat(answer.getStatus()).isEqualTo(503);
    assertThat(answer.getHeaderString("Retry-After")).isEqualTo("7");
  }

  @Test
  void anyOtherFailureIsAGeneric500WithoutItsMessageOrStackTrace() {
    Response answer =
        mapper.toResponse(new IllegalStateException("secret table JLEDGER_NODE is locked"));

    assertThat(answer.getStatus()).isEqualTo(500);
    String text = new String((byte[]) answer.getEntity(), UTF_8);
    assertThat(text).doesNotContain("secret").doesNotContain("IllegalStateException");
    assertThat(text).doesNotContain("at org.jledger");
    JsonObject problem = body(answer);
    assertThat(problem.getString("code")).isEqualTo("internal_error");
    assertThat(problem.getString("detail")).containsPattern("incident [0-9a-f-]{36}");
  }

  @Test
  void aServerErrorRaisedThroughJaxRsIsAlsoGeneric() {
    Response answer =
        mapper.toResponse(new InternalServerErrorException("connection pool exhausted"));

    assertThat(answer.getStatus()).isEqualTo(500);
    assertThat(body(answer).getString("detail")).doesNotContain("pool");
  }

  static JsonObject body(Response answer) {
    return CanonicalJson.parseObject(new String((byte[]) answer.getEntity(), UTF_8));
  }

  /** A refusal of any category, as the core will define many. */
  private static final class Refusal extends LedgerException {
    private final Category category;

    Refusal(Category category, String code, String message) {
      super(code, message);
      this.category = category;
    }

    @Override
    public Category category() {
      return category;
    }
  }
}
