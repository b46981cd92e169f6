package org.jledger.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.stream.JsonParsingException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.IOException;
import java.lang.reflect.Proxy;
import org.jledger.LedgerException;
import org.jledger.encoding.CanonicalJson;
import org.jledger.encoding.InvalidJsonException;
import org.junit.jupiter.api.Test;

class JsonBodyErrorsTest {

  private final JsonBodyErrors interceptor = new JsonBodyErrors();

  @Test
  void aBodyThatJsonPCannotParseIsInvalidJson() {
    ReaderInterceptorContext reading =
        reading(
            () -> {
              CanonicalJson.PROVIDER
                  .createReader(new java.io.StringReader("{\"a\": "))
                  .readObject();
              return null;
            });

    assertThatThrownBy(() -> interceptor.aroundReadFrom(reading))
        .isInstanceOf(InvalidJsonException.class)
        .hasCauseInstanceOf(JsonParsingException.class)
        .satisfies(e -> assertThat(((LedgerException) e).code()).isEqualTo("invalid_json"));
  }

  @Test
  void aJsonFailureWrappedByJaxRsIsInvalidJson() {
    ReaderInterceptorContext reading =
        reading(
            () -> {
              throw new ProcessingException(
                  "Error deserializing object from entity stream.",
                  new jakarta.json.bind.JsonbException("Unexpected char 125"));
            });

    assertThatThrownBy(() -> interceptor.aroundReadFrom(reading))
        .isInstanceOf(InvalidJsonException.class)
        .hasMessageContaining("Unexpected char 125");
  }

  @Test
  void anotherReadingFailureIsLeftAsItIs() {
    ProcessingException other = new ProcessingException("stream closed");
    ReaderInterceptorContext reading =
        reading(
            () -> {
              throw other;
            });

    assertThatThrownBy(() -> interceptor.aroundReadFrom(reading)).isSameAs(other);
  }

  @Test
  void aReadableBodyPassesThrough() throws IOException {
    assertThat(interceptor.aroundReadFrom(reading(() -> "read"))).isEqualTo("read");
  }

  interface Proceed {
    Object proceed() throws IOException;
  }

  /** A reading context that only proceeds: the one method the interceptor calls. */
  private static ReaderInterceptorContext reading(Proceed proceed) {
    return (ReaderInterceptorContext)
        Proxy.newProxyInstance(
            ReaderInterceptorContext.class.getClassLoader(),
            new Class<?>[] {ReaderInterceptorContext.class},
            (proxy, method, args) -> {
              if (method.getName().equals("proceed")) {
                return proceed.proceed();
              }
              throw new UnsupportedOperationException(method.getName());
            });
  }
}
