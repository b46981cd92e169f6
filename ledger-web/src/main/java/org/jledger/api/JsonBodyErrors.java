package org.jledger.api;

import jakarta.json.JsonException;
import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.IOException;
import org.jledger.encoding.InvalidJsonException;

/**
 * Turns a request body that JSON-P or JSON-B cannot read into {@link InvalidJsonException} (400,
 * code {@code invalid_json}). Only reading a request body passes here, so a JSON failure while
 * writing an answer stays a server error.
 */
@Provider
public class JsonBodyErrors implements ReaderInterceptor {

  @Override
  public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
    try {
      return context.proceed();
    } catch (JsonException | JsonbException e) {
      throw new InvalidJsonException("the request body is not valid JSON: " + e.getMessage(), e);
    } catch (ProcessingException e) {
      Throwable json = jsonCause(e);
      if (json == null) {
        throw e;
      }
      throw new InvalidJsonException("the request body is not valid JSON: " + json.getMessage(), e);
    }
  }

  private static Throwable jsonCause(Throwable e) {
    for (Throwable c = e; c != null && c != c.getCause(); c = c.getCause()) {
      if (c instanceof JsonException || c instanceof JsonbException) {
        return c;
      }
    }
    return null;
  }
}
