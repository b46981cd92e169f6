package org.jledger.encoding;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.AbstractMap;

/**
 * A JSON object whose members are read through {@link #get}: JSON-P's typed accessors, with its
 * semantics (a missing member is a {@code NullPointerException}, one of another type a {@code
 * ClassCastException}, and the defaulting forms answer the default for both). Equality and hash
 * code are those of a {@code Map}, as JSON-P requires, so such objects equal Parsson's.
 */
abstract class ReadOnlyJsonObject extends AbstractMap<String, JsonValue> implements JsonObject {

  @Override
  public JsonArray getJsonArray(String name) {
    return (JsonArray) get(name);
  }

  @Override
  public JsonObject getJsonObject(String name) {
    return (JsonObject) get(name);
  }

  @Override
  public JsonNumber getJsonNumber(String name) {
    return (JsonNumber) get(name);
  }

  @Override
  public JsonString getJsonString(String name) {
    return (JsonString) get(name);
  }

  @Override
  public String getString(String name) {
    return getJsonString(name).getString();
  }

  @Override
  public String getString(String name, String defaultValue) {
    return get(name) instanceof JsonString s ? s.getString() : defaultValue;
  }

  @Override
  public int getInt(String name) {
    return getJsonNumber(name).intValue();
  }

  @Override
  public int getInt(String name, int defaultValue) {
    return get(name) instanceof JsonNumber n ? n.intValue() : defaultValue;
  }

  @Override
  public boolean getBoolean(String name) {
    JsonValue value = get(name);
    if (value == null) {
      throw new NullPointerException("no member \"" + name + "\"");
    }
    return switch (value.getValueType()) {
      case TRUE -> true;
      case FALSE -> false;
      default -> throw new ClassCastException("member \"" + name + "\" is not a boolean");
    };
  }

  @Override
  public boolean getBoolean(String name, boolean defaultValue) {
    JsonValue value = get(name);
    if (value == null) {
      return defaultValue;
    }
    return switch (value.getValueType()) {
      case TRUE -> true;
      case FALSE -> false;
      default -> defaultValue;
    };
  }

  @Override
  public boolean isNull(String name) {
    return get(name).equals(JsonValue.NULL);
  }

  @Override
  public ValueType getValueType() {
    return ValueType.OBJECT;
  }
}
