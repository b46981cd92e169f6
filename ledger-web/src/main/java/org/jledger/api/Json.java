package org.jledger.api;

import jakarta.json.JsonValue;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jledger.InvalidInputException;
import org.jledger.encoding.CanonicalJson;

/** Answers and path parameters of the API. */
final class Json {

  private Json() {}

  /** A JSON answer in canonical form. */
  static Response ok(JsonValue body) {
    return Response.ok(CanonicalJson.encode(body), MediaType.APPLICATION_JSON).build();
  }

  /** 200 with JSON that is canonical UTF-8 already (as a block is stored), sent as it is. */
  static Response ok(byte[] canonicalJson) {
    return Response.ok(canonicalJson, MediaType.APPLICATION_JSON).build();
  }

  static Response status(int status, JsonValue body) {
    return Response.status(status)
        .entity(CanonicalJson.encode(body))
        .type(MediaType.APPLICATION_JSON)
        .build();
  }

  /** A height: a non-negative integer, or -1 for the head. */
  static long height(String text) {
    try {
      long h = Long.parseLong(text);
      if (h < -1) {
        throw new NumberFormatException();
      }
      return h;
    } catch (NumberFormatException e) {
      throw new InvalidInputException(
          "invalid_height", "height must be an integer >= 0, or -1 for the head; got " + text);
    }
  }

  static int intParam(String text, String name, int min, int max, int fallback) {
    if (text == null || text.isEmpty()) {
      return fallback;
    }
    try {
      int v = Integer.parseInt(text);
      if (v < min || v > max) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new InvalidInputException(
          "invalid_parameter", name + " must be an integer from " + min + " to " + max);
    }
  }
}
