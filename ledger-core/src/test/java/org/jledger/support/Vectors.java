package org.jledger.support;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.jledger.encoding.CanonicalJson;

/**
 * The known-answer vectors of DESIGN.md, computed by an independent implementation ({@code
 * shared/vectors/design-vectors.json}, copied into the test resources).
 */
public final class Vectors {

  private static final JsonObject ALL = load();

  private Vectors() {}

  public static JsonObject all() {
    return ALL;
  }

  private static JsonObject load() {
    try (InputStream in = Vectors.class.getResourceAsStream("/vectors/design-vectors.json")) {
      return CanonicalJson.parseObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
