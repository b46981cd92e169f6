package org.jledger.api;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jledger.encoding.CanonicalJson;

/**
 * The error page of the whole web module (see {@code web.xml}): errors the servlet container
 * answers itself, outside JAX-RS (an unknown path outside {@code /api/v1}, a failing servlet), are
 * answered as {@link Problem}s too, and a server error never shows a stack trace.
 */
@WebServlet(name = "container-errors", urlPatterns = ContainerErrors.PATH)
public class ContainerErrors extends HttpServlet {

  static final String PATH = "/error";

  private static final Logger LOG = Logger.getLogger(ContainerErrors.class.getName());

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
    int status;
    if (code == null) {
      // asked for directly, not as an error page: there is nothing here
      status = 404;
      uri = request.getRequestURI();
    } else {
      status = code instanceof Integer i && i >= 400 && i <= 599 ? i : 500;
    }
    Problem problem;
    if (status >= 500 && status != 503) {
      String incident = UUID.randomUUID().toString();
      Object thrown = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
      LOG.log(
          Level.SEVERE,
          "Request to " + uri + " failed with " + status + "; incident " + incident,
          thrown instanceof Throwable t ? t : null);
      problem =
          new Problem(
              500,
              "internal_error",
              "The node could not answer this request. It logged the error as incident "
                  + incident
                  + ".");
    } else if (status == 404) {
      problem = new Problem(404, "not_found", "No resource at " + uri + ".");
    } else {
      problem = new Problem(status, "http_" + status, "HTTP " + status);
    }
    response.reset();
    response.setStatus(problem.status());
    response.setContentType(Problem.MEDIA_TYPE);
    byte[] body = CanonicalJson.encode(problem.toJson());
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }
}
