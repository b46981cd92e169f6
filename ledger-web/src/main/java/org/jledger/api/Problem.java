package org.jledger.api;

import jakarta.json.JsonObject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Objects;
import org.jledger.LedgerException;
import org.jledger.encoding.CanonicalJson;

/**
 * An RFC 9457 problem detail. {@code type} is {@code urn:jledger:problem:<code>}, so one {@code
 * code} always has one type; {@code title} is the HTTP reason phrase of {@code status}.
 *
 * @param status the HTTP status
 * @param code a stable, machine-readable code such as {@code invalid_signature}
 * @param detail what went wrong with this request, for a person
 */
public record Problem(int status, String code, String detail) {

  /** The media type of every error answer. */
  public static final String MEDIA_TYPE = "application/problem+json";

  public static final MediaType MEDIA = MediaType.valueOf(MEDIA_TYPE);

  public Problem {
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("a problem has a 4xx or 5xx status, not " + status);
    }
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(detail, "detail");
  }

  /** The problem of a refusal: 400, 403, 404, 409 or 503 by its category, with its code. */
  public static Problem of(LedgerException e) {
    int status =
        switch (e.category()) {
          case INVALID -> 400;
          case FORBIDDEN -> 403;
          case NOT_FOUND -> 404;
          case CONFLICT -> 409;
          case UNAVAILABLE -> 503;
        };
    return new Problem(status, e.code(), e.getMessage() == null ? e.code() : e.getMessage());
  }

  public String type() {
    return "urn:jledger:problem:" + code;
  }

  public String title() {
    Response.Status known = Response.Status.fromStatusCode(status);
    return known != null ? known.getReasonPhrase() : "HTTP " + status;
  }

  public JsonObject toJson() {
    return CanonicalJson.PROVIDER
        .createObjectBuilder()
        .add("type", type())
        .add("title", title())
        .add("status", status)
        .add("detail", detail)
        .add("code", code)
        .build();
  }

  /** A response carrying this problem; add headers such as {@code Retry-After} before building. */
  public Response.ResponseBuilder toResponse() {
    return Response.status(status).type(MEDIA).entity(CanonicalJson.encode(toJson()));
  }
}
