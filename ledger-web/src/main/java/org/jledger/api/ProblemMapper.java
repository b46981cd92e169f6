package org.jledger.api;

import jakarta.ejb.EJBException;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jledger.LedgerException;

/**
 * The one exception mapper: every exception a request raises becomes a {@link Problem}.
 *
 * <ul>
 *   <li>{@link LedgerException}: 400, 403, 404, 409 or 503 (with {@code Retry-After}) by its
 *       category, with its code and message;
 *   <li>JAX-RS' own errors (unknown path, method not allowed, unsupported media type, ...): their
 *       status, keeping headers such as {@code Allow};
 *   <li>anything else: 500 with a generic detail naming an incident id; the exception is logged
 *       under that id and never sent.
 * </ul>
 */
@Provider
public class ProblemMapper implements ExceptionMapper<Throwable> {

  private static final Logger LOG = Logger.getLogger(ProblemMapper.class.getName());

  @Inject
  @ConfigProperty(name = "jledger.api.retry-after", defaultValue = "PT5S")
  Duration retryAfter;

  @Context UriInfo uri;

  @Context Request request;

  /** For the container. */
  public ProblemMapper() {}

  ProblemMapper(Duration retryAfter) {
    this.retryAfter = retryAfter;
  }

  @Override
  public Response toResponse(Throwable thrown) {
    Throwable e = unwrap(thrown);
    if (e instanceof LedgerException refusal) {
      return refused(refusal);
    }
    if (e instanceof WebApplicationException wae && isClientFacing(wae.getResponse().getStatus())) {
      return fromJaxRs(wae);
    }
    return internalError(e);
  }

  private Response refused(LedgerException e) {
    Problem problem = Problem.of(e);
    Response.ResponseBuilder answer = problem.toResponse();
    if (problem.status() == 503) {
      answer.header(HttpHeaders.RETRY_AFTER, retryAfterSeconds());
    }
    return answer.build();
  }

  private Response fromJaxRs(WebApplicationException e) {
    Response original = e.getResponse();
    int status = original.getStatus();
    Response.ResponseBuilder answer =
        new Problem(status, codeOf(status), detailOf(status, e, original)).toResponse();
    for (String header : List.of(HttpHeaders.ALLOW, HttpHeaders.RETRY_AFTER)) {
      Object value = original.getHeaders().getFirst(header);
      if (value != null) {
        answer.header(header, value);
      }
    }
    if (status == 503 && original.getHeaderString(HttpHeaders.RETRY_AFTER) == null) {
      answer.header(HttpHeaders.RETRY_AFTER, retryAfterSeconds());
    }
    return answer.build();
  }

  private Response internalError(Throwable e) {
    String incident = UUID.randomUUID().toString();
    LOG.log(Level.SEVERE, e, () -> "Request failed; incident " + incident);
    return new Problem(
            500,
            "internal_error",
            "The node could not answer this request. It logged the error as incident "
                + incident
                + ".")
        .toResponse()
        .build();
  }

  private String detailOf(int status, WebApplicationException e, Response original) {
    return switch (status) {
      case 404 ->
          uri == null
              ? "No resource here."
              : "No resource at " + uri.getRequestUri().getPath() + ".";
      case 405 -> {
        String method = request == null ? "This method" : "Method " + request.getMethod();
        String allowed = original.getHeaderString(HttpHeaders.ALLOW);
        yield method + " is not allowed here" + (allowed == null ? "." : "; allowed: " + allowed);
      }
      case 415 -> "This resource does not accept the request's content type.";
      case 406 -> "This resource cannot answer in any of the accepted media types.";
      default -> e.getMessage() == null ? "HTTP " + status : e.getMessage();
    };
  }

  private static String codeOf(int status) {
    return switch (status) {
      case 400 -> "bad_request";
      case 401 -> "unauthorized";
      case 403 -> "forbidden";
      case 404 -> "not_found";
      case 405 -> "method_not_allowed";
      case 406 -> "not_acceptable";
      case 409 -> "conflict";
      case 413 -> "content_too_large";
      case 415 -> "unsupported_media_type";
      case 503 -> "unavailable";
      default -> "http_" + status;
    };
  }

  /** 4xx, and 503; any other 5xx is a failure whose detail stays in the log. */
  private static boolean isClientFacing(int status) {
    return status < 500 || status == 503;
  }

  private long retryAfterSeconds() {
    return Math.max(1, retryAfter.toSeconds());
  }

  /** The refusal inside container wrappers, if any. */
  private static Throwable unwrap(Throwable e) {
    Throwable current = e;
    while (current instanceof EJBException && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }
}
