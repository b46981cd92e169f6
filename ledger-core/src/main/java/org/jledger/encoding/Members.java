package org.jledger.encoding;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.jledger.InvalidInputException;

/**
 * Strict reading of members of wire objects. Every failure is an {@link InvalidInputException} with
 * code {@code invalid_shape} that names the member, e.g. {@code transaction.proofs.1A...nonce must
 * be an integer}.
 */
public final class Members {

  private Members() {}

  public static JsonObject object(JsonValue value, String where) {
    if (value == null) {
      throw invalid(where + " is missing");
    }
    if (value.getValueType() != JsonValue.ValueType.OBJECT) {
      throw invalid(where + " must be an object");
    }
    return value.asJsonObject();
  }

  public static JsonObject object(JsonObject o, String name, String where) {
    return object(o.get(name), where + "." + name);
  }

  public static JsonArray array(JsonObject o, String name, String where) {
    JsonValue v = require(o, name, where);
    if (v.getValueType() != JsonValue.ValueType.ARRAY) {
      throw invalid(where + "." + name + " must be an array");
    }
    return v.asJsonArray();
  }

  public static String string(JsonObject o, String name, String where) {
    if (!(require(o, name, where) instanceof JsonString s)) {
      throw invalid(where + "." + name + " must be a string");
    }
    return s.getString();
  }

  /** A string member that may also be JSON null (returned as Java null). */
  public static String nullableString(JsonObject o, String name, String where) {
    JsonValue v = require(o, name, where);
    if (v.getValueType() == JsonValue.ValueType.NULL) {
      return null;
    }
    if (!(v instanceof JsonString s)) {
      throw invalid(where + "." + name + " must be a string or null");
    }
    return s.getString();
  }

  public static long integer(JsonObject o, String name, String where) {
    if (!(require(o, name, where) instanceof JsonNumber n)) {
      throw invalid(where + "." + name + " must be an integer");
    }
    return CanonicalJson.checkedLong(n, where + "." + name);
  }

  public static Hash hash(JsonObject o, String name, String where) {
    return Hash.fromHex(string(o, name, where), where + "." + name);
  }

  /** A hash member that may be JSON null (returned as Java null). */
  public static Hash nullableHash(JsonObject o, String name, String where) {
    String hex = nullableString(o, name, where);
    return hex == null ? null : Hash.fromHex(hex, where + "." + name);
  }

  private static JsonValue require(JsonObject o, String name, String where) {
    JsonValue v = o.get(name);
    if (v == null) {
      throw invalid(where + "." + name + " is missing");
    }
    return v;
  }

  private static InvalidInputException invalid(String message) {
    return new InvalidInputException("invalid_shape", message);
  }
}
