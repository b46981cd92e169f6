package org.jledger.dapp;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.bind.JsonbException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jledger.LedgerException;
import org.jledger.encoding.CanonicalJson;

/**
 * Binds a {@code transform} object to its record with JSON-B, strictly.
 *
 * <p>Yasson on its own is lenient: it turns {@code "10"} into {@code 10L}, {@code 12} into {@code
 * "12"}, {@code 10.5} into {@code 10}, {@code 1} into {@code false}, wraps an out-of-range {@code
 * int}, binds a missing field as {@code 0}/{@code null} and ignores unknown members. So the object
 * first goes through a type guard that walks the record's components (see {@link TransformType}),
 * and only then through JSON-B, configured with the same snake_case naming and to fail on unknown
 * properties as a second line.
 */
final class TransformBinder {

  private final Jsonb jsonb;

  TransformBinder() {
    this.jsonb =
        JsonbBuilder.newBuilder()
            .withProvider(CanonicalJson.PROVIDER)
            .withConfig(
                new JsonbConfig()
                    .withPropertyNamingStrategy(SnakeCase.INSTANCE)
                    .setProperty("jsonb.fail-on-unknown-properties", true))
            .build();
  }

  /**
   * The transform of {@code json} (whose {@code fqdn} has already been resolved to {@code type}).
   */
  Transform bind(TransformType type, JsonObject json) {
    JsonObjectBuilder fields = CanonicalJson.PROVIDER.createObjectBuilder();
    json.forEach(
        (name, value) -> {
          if (!name.equals("fqdn")) {
            fields.add(name, value);
          }
        });
    JsonObject body = fields.build();
    checkRecord(type.fqdn(), type.type(), body, "");
    try {
      return jsonb.fromJson(body.toString(), type.type());
    } catch (JsonbException | IllegalArgumentException | NullPointerException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof LedgerException ledger) {
          throw ledger;
        }
      }
      throw new InvalidTransformException(
          type.fqdn() + ": the transform cannot be bound: " + e.getMessage(), e);
    }
  }

  private static void checkRecord(String fqdn, Class<?> record, JsonObject json, String prefix) {
    RecordComponent[] components = record.getRecordComponents();
    List<String> names = new ArrayList<>();
    for (RecordComponent c : components) {
      names.add(TransformType.jsonName(c));
    }
    for (String member : json.keySet()) {
      if (!names.contains(member)) {
        throw new InvalidTransformException(
            fqdn
                + ": field '"
                + prefix
                + member
                + "' is not a field of "
                + (prefix.isEmpty() ? fqdn : "'" + prefix.substring(0, prefix.length() - 1) + "'")
                + " (its fields: "
                + String.join(", ", names.stream().sorted().toList())
                + ")");
      }
    }
    for (int i = 0; i < components.length; i++) {
      String where = prefix + names.get(i);
      Type type = components[i].getGenericType();
      JsonValue value = json.get(names.get(i));
      boolean optional = type instanceof ParameterizedType p && p.getRawType() == Optional.class;
      if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
        if (optional) {
          continue;
        }
        throw new InvalidTransformException(
            fqdn
                + ": field '"
                + where
                + "' is "
                + (value == null ? "missing" : "null")
                + "; it must be "
                + expected(type));
      }
      checkValue(
          fqdn,
          optional ? ((ParameterizedType) type).getActualTypeArguments()[0] : type,
          value,
          where);
    }
  }

  private static void checkValue(String fqdn, Type type, JsonValue value, String where) {
    if (value.getValueType() == JsonValue.ValueType.NULL) {
      throw wrongType(fqdn, type, value, where);
    }
    if (type instanceof Class<?> c) {
      boolean ok =
          switch (c.getName()) {
            case "java.lang.String" -> value.getValueType() == JsonValue.ValueType.STRING;
            case "long", "java.lang.Long" ->
                value instanceof JsonNumber n && ModelSchema.isSafeInteger(n);
            case "int", "java.lang.Integer" -> value instanceof JsonNumber n && fitsInt(n);
            case "boolean", "java.lang.Boolean" ->
                value.getValueType() == JsonValue.ValueType.TRUE
                    || value.getValueType() == JsonValue.ValueType.FALSE;
            case "jakarta.json.JsonValue" -> true;
            case "jakarta.json.JsonObject" -> value.getValueType() == JsonValue.ValueType.OBJECT;
            case "jakarta.json.JsonArray" -> value.getValueType() == JsonValue.ValueType.ARRAY;
            default -> c.isRecord() && value.getValueType() == JsonValue.ValueType.OBJECT;
          };
      if (!ok) {
        throw wrongType(fqdn, type, value, where);
      }
      if (c.isRecord()) {
        checkRecord(fqdn, c, value.asJsonObject(), where + ".");
      }
      return;
    }
    ParameterizedType p = (ParameterizedType) type;
    Class<?> raw = (Class<?>) p.getRawType();
    Type arg = p.getActualTypeArguments()[p.getActualTypeArguments().length - 1];
    if (Collection.class.isAssignableFrom(raw)) {
      if (!(value instanceof JsonArray array)) {
        throw wrongType(fqdn, type, value, where);
      }
      for (int i = 0; i < array.size(); i++) {
        checkValue(fqdn, arg, array.get(i), where + "[" + i + "]");
      }
    } else if (raw == Map.class) {
      if (!(value instanceof JsonObject object)) {
        throw wrongType(fqdn, type, value, where);
      }
      for (Map.Entry<String, JsonValue> e : object.entrySet()) {
        checkValue(fqdn, arg, e.getValue(), where + "." + e.getKey());
      }
    } else {
      throw wrongType(fqdn, type, value, where);
    }
  }

  private static boolean fitsInt(JsonNumber n) {
    if (!n.isIntegral()) {
      return false;
    }
    try {
      n.intValueExact();
      return true;
    } catch (ArithmeticException e) {
      return false;
    }
  }

  private static InvalidTransformException wrongType(
      String fqdn, Type type, JsonValue value, String where) {
    return new InvalidTransformException(
        fqdn
            + ": field '"
            + where
            + "' must be "
            + expected(type)
            + ", got "
            + ModelSchema.describe(value));
  }

  private static String expected(Type type) {
    if (type instanceof ParameterizedType p) {
      Class<?> raw = (Class<?>) p.getRawType();
      Type[] args = p.getActualTypeArguments();
      if (raw == Optional.class) {
        return expected(args[0]);
      }
      if (raw == Map.class) {
        return "an object";
      }
      if (raw == Set.class || raw == List.class || raw == Collection.class) {
        return "an array";
      }
    }
    if (type instanceof Class<?> c) {
      return switch (c.getName()) {
        case "java.lang.String" -> "a string";
        case "long", "java.lang.Long" -> "an integer in [-(2^53-1), 2^53-1]";
        case "int", "java.lang.Integer" -> "a 32-bit integer";
        case "boolean", "java.lang.Boolean" -> "true or false";
        case "jakarta.json.JsonArray" -> "an array";
        case "jakarta.json.JsonValue" -> "a JSON value";
        default -> "an object";
      };
    }
    return "a value of type " + type.getTypeName();
  }
}
