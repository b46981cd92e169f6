package org.jledger.dapp;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.jledger.encoding.CanonicalJson;

/**
 * A declarative schema for object-valued models: a small subset of the Cerberus rules Plug uses.
 *
 * <p>A value must be a JSON object. Each declared field has a {@link Type} ({@code string}, {@code
 * integer}, {@code boolean}, {@code object}, {@code array} or any), may be {@code required}, may
 * give the type of an array's items, and may give an integer {@code min}. {@code null} never
 * satisfies a typed field. A field the schema does not declare is refused unless {@link
 * #otherFields()} gives a rule for such fields (Cerberus' {@code allow_unknown}). Integers are the
 * canonical ones: without fraction and within [-(2^53-1), 2^53-1].
 */
public record ModelSchema(Map<String, Field> fields, Optional<Field> otherFields) {

  /** The JSON type a field must have. */
  public enum Type {
    STRING,
    INTEGER,
    BOOLEAN,
    OBJECT,
    ARRAY,
    /** Any JSON value, including null. */
    ANY;

    /** The Cerberus spelling: {@code string, integer|int, boolean, dict|object, list|array}. */
    public static Type parse(String name) {
      return switch (name.toLowerCase(Locale.ROOT)) {
        case "string" -> STRING;
        case "integer", "int" -> INTEGER;
        case "boolean" -> BOOLEAN;
        case "dict", "object" -> OBJECT;
        case "list", "array" -> ARRAY;
        case "any" -> ANY;
        default -> throw new IllegalArgumentException("unknown schema type '" + name + "'");
      };
    }

    String label() {
      return switch (this) {
        case STRING -> "a string";
        case INTEGER -> "an integer";
        case BOOLEAN -> "a boolean";
        case OBJECT -> "an object";
        case ARRAY -> "an array";
        case ANY -> "any value";
      };
    }
  }

  /**
   * The rule for one field. {@code items} is the type of an array's items ({@code ANY} if free).
   */
  public record Field(Type type, boolean required, Type items, OptionalLong min) {

    /** Any value, not required. */
    public static final Field ANY = new Field(Type.ANY, false, Type.ANY, OptionalLong.empty());

    public Field {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(items, "items");
      Objects.requireNonNull(min, "min");
      if (items != Type.ANY && type != Type.ARRAY) {
        throw new IllegalArgumentException("only an array field can give the type of its items");
      }
      if (min.isPresent() && type != Type.INTEGER) {
        throw new IllegalArgumentException("only an integer field can have a minimum");
      }
    }

    public static Field required(Type type) {
      return new Field(type, true, Type.ANY, OptionalLong.empty());
    }

    public static Field optional(Type type) {
      return new Field(type, false, Type.ANY, OptionalLong.empty());
    }

    public Field withItems(Type itemType) {
      return new Field(type, required, itemType, min);
    }

    public Field withMin(long minimum) {
      return new Field(type, required, items, OptionalLong.of(minimum));
    }
  }

  public ModelSchema {
    fields = Collections.unmodifiableMap(new TreeMap<>(fields));
    Objects.requireNonNull(otherFields, "otherFields");
  }

  /** A schema of the given fields that refuses any other field. */
  public static ModelSchema of(Map<String, Field> fields) {
    return new ModelSchema(fields, Optional.empty());
  }

  /** This schema, accepting undeclared fields that satisfy {@code rule}. */
  public ModelSchema allowingOtherFields(Field rule) {
    return new ModelSchema(fields, Optional.of(rule));
  }

  /**
   * Reads a Cerberus-style schema: {@code {"balance": {"type": "integer", "required": true, "min":
   * 0}, "tags": {"type": "list", "schema": {"type": "string"}}}}. Undeclared fields are refused.
   *
   * @throws IllegalArgumentException for a rule outside the supported subset
   */
  public static ModelSchema parse(JsonObject schema) {
    Map<String, Field> fields = new TreeMap<>();
    for (Map.Entry<String, JsonValue> e : schema.entrySet()) {
      if (!(e.getValue() instanceof JsonObject rule)) {
        throw new IllegalArgumentException("schema of field '" + e.getKey() + "' is not an object");
      }
      fields.put(e.getKey(), parseField(e.getKey(), rule));
    }
    return of(fields);
  }

  private static Field parseField(String name, JsonObject rule) {
    Type type = Type.ANY;
    boolean required = false;
    Type items = Type.ANY;
    OptionalLong min = OptionalLong.empty();
    for (Map.Entry<String, JsonValue> r : rule.entrySet()) {
      JsonValue v = r.getValue();
      switch (r.getKey()) {
        case "type" -> type = Type.parse(text(name, r.getKey(), v));
        case "required" -> {
          if (v.getValueType() != JsonValue.ValueType.TRUE
              && v.getValueType() != JsonValue.ValueType.FALSE) {
            throw new IllegalArgumentException("'required' of field '" + name + "' is not boolean");
          }
          required = v == JsonValue.TRUE;
        }
        case "schema" -> {
          if (!(v instanceof JsonObject itemRule) || itemRule.keySet().size() != 1) {
            throw new IllegalArgumentException(
                "'schema' of field '" + name + "' must be {\"type\": ...}");
          }
          items = Type.parse(text(name, "schema.type", itemRule.get("type")));
        }
        case "min" -> {
          if (!(v instanceof JsonNumber n) || !n.isIntegral()) {
            throw new IllegalArgumentException("'min' of field '" + name + "' is not an integer");
          }
          min = OptionalLong.of(n.longValueExact());
        }
        default ->
            throw new IllegalArgumentException(
                "schema rule '" + r.getKey() + "' of field '" + name + "' is not supported");
      }
    }
    return new Field(type, required, items, min);
  }

  private static String text(String field, String rule, JsonValue v) {
    if (v == null || v.getValueType() != JsonValue.ValueType.STRING) {
      throw new IllegalArgumentException("'" + rule + "' of field '" + field + "' is not a string");
    }
    return ((JsonString) v).getString();
  }

  /**
   * Checks a value of {@code model} against this schema.
   *
   * @throws SchemaViolationException naming the model and the offending field
   */
  public void validate(String model, JsonValue value) {
    if (!(value instanceof JsonObject object)) {
      throw new SchemaViolationException(
          model + ": a value must be an object, got " + describe(value));
    }
    for (Map.Entry<String, Field> f : fields.entrySet()) {
      JsonValue v = object.get(f.getKey());
      if (v == null) {
        if (f.getValue().required()) {
          throw new SchemaViolationException(
              model + ": field '" + f.getKey() + "' is required but missing");
        }
      } else {
        check(model, f.getKey(), f.getValue(), v);
      }
    }
    for (Map.Entry<String, JsonValue> e : object.entrySet()) {
      if (!fields.containsKey(e.getKey())) {
        Field rule =
            otherFields.orElseThrow(
                () ->
                    new SchemaViolationException(
                        model
                            + ": field '"
                            + e.getKey()
                            + "' is not allowed (allowed: "
                            + String.join(", ", fields.keySet())
                            + ")"));
        check(model, e.getKey(), rule, e.getValue());
      }
    }
  }

  private static void check(String model, String name, Field rule, JsonValue v) {
    if (!hasType(v, rule.type())) {
      throw new SchemaViolationException(
          model + ": field '" + name + "' must be " + rule.type().label() + ", got " + describe(v));
    }
    if (rule.type() == Type.INTEGER) {
      long n = ((JsonNumber) v).longValueExact();
      if (rule.min().isPresent() && n < rule.min().getAsLong()) {
        throw new SchemaViolationException(
            model
                + ": field '"
                + name
                + "' must be at least "
                + rule.min().getAsLong()
                + ", got "
                + n);
      }
    }
    if (rule.type() == Type.ARRAY && rule.items() != Type.ANY) {
      JsonArray array = (JsonArray) v;
      for (int i = 0; i < array.size(); i++) {
        if (!hasType(array.get(i), rule.items())) {
          throw new SchemaViolationException(
              model
                  + ": field '"
                  + name
                  + "' item "
                  + i
                  + " must be "
                  + rule.items().label()
                  + ", got "
                  + describe(array.get(i)));
        }
      }
    }
  }

  private static boolean hasType(JsonValue v, Type type) {
    return switch (type) {
      case ANY -> true;
      case STRING -> v.getValueType() == JsonValue.ValueType.STRING;
      case BOOLEAN ->
          v.getValueType() == JsonValue.ValueType.TRUE
              || v.getValueType() == JsonValue.ValueType.FALSE;
      case OBJECT -> v.getValueType() == JsonValue.ValueType.OBJECT;
      case ARRAY -> v.getValueType() == JsonValue.ValueType.ARRAY;
      case INTEGER -> v instanceof JsonNumber n && isSafeInteger(n);
    };
  }

  static boolean isSafeInteger(JsonNumber n) {
    if (!n.isIntegral()) {
      return false;
    }
    try {
      long v = n.longValueExact();
      return v <= CanonicalJson.MAX_SAFE_INTEGER && v >= -CanonicalJson.MAX_SAFE_INTEGER;
    } catch (ArithmeticException e) {
      return false;
    }
  }

  /** "a string", "an integer", "a fractional number", ... for messages. */
  static String describe(JsonValue v) {
    return switch (v.getValueType()) {
      case OBJECT -> "an object";
      case ARRAY -> "an array";
      case STRING -> "a string";
      case NUMBER -> ((JsonNumber) v).isIntegral() ? "the number " + v : "the fractional " + v;
      case TRUE, FALSE -> "a boolean";
      case NULL -> "null";
    };
  }
}
