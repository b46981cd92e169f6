package org.jledger.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses a request body larger than {@code jledger.api.max-body-bytes} (default 1 MiB) with 413
 * {@code content_too_large}, before any resource is matched or anything is parsed. A declared
 * {@code Content-Length} above the limit is refused without reading; a body of unknown length is
 * read up to one byte past the limit.
 */
@Provider
@PreMatching
public class BodySizeLimit implements ContainerRequestFilter {

  /** The default limit: 1 MiB. */
  public static final int DEFAULT_MAX_BODY_BYTES = 1 << 20;

  /** The most a refused body is read to let the client finish sending, as a multiple. */
  private static final int DRAIN_FACTOR = 8;

  @Inject
  @ConfigProperty(name = "jledger.api.max-body-bytes", defaultValue = "1048576")
  int maxBodyBytes;

  /** For the container. */
  public BodySizeLimit() {}

  BodySizeLimit(int maxBodyBytes) {
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  public void filter(ContainerRequestContext request) throws IOException {
    int declared = request.getLength();
    if (declared > maxBodyBytes) {
      refuse(request, "declares " + declared + " bytes, more");
      return;
    }
    if (!request.hasEntity()) {
      return;
    }
    byte[] body = request.getEntityStream().readNBytes(maxBodyBytes + 1);
    if (body.length > maxBodyBytes) {
      refuse(request, "is longer");
      return;
    }
    request.setEntityStream(new ByteArrayInputStream(body));
  }

  private void refuse(ContainerRequestContext request, String what) throws IOException {
    drain(request.getEntityStream(), (long) maxBodyBytes * DRAIN_FACTOR);
    request.abortWith(
        new Problem(
                413,
                "content_too_large",
                "The request body " + what + " than the limit of " + maxBodyBytes + " bytes.")
            .toResponse()
            .build());
  }

  /** Reads and drops up to {@code limit} bytes, so the client can read the answer. */
  private static void drain(InputStream in, long limit) throws IOException {
    if (in != null) {
      long left = limit;
      byte[] buffer = new byte[8192];
      int n;
      while (left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
        left -= n;
      }
    }
  }
}
