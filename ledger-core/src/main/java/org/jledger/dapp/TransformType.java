package org.jledger.dapp;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.bind.annotation.JsonbProperty;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A transform class that can be bound from JSON: a record implementing {@link Transform}, annotated
 * with {@link TransformName}, whose components all have a supported type.
 *
 * <p>Supported component types, with the JSON each accepts: {@code String} (a string), {@code
 * long}/{@code Long} (an integer in [-(2^53-1), 2^53-1]), {@code int}/{@code Integer} (an integer
 * that fits 32 bits), {@code boolean}/{@code Boolean} (true or false), {@code JsonValue} (anything
 * but null), {@code JsonObject}, {@code JsonArray}, {@code List}/{@code Set}/{@code Collection} of
 * a supported type (an array), {@code Map<String, T>} (an object), a record of supported types (an
 * object, bound just as strictly), and {@code Optional<T>} for a component that may be absent or
 * null. Every other component must be present and non-null, and no other member is allowed.
 * Fractional numbers have no canonical encoding, so {@code double}, {@code BigDecimal} and the like
 * are refused when the transform is registered.
 */
public record TransformType(String fqdn, Set<String> aliases, Class<? extends Transform> type) {

  public TransformType {
    aliases = Set.copyOf(aliases);
  }

  /**
   * Reads and checks a transform class.
   *
   * @throws IllegalArgumentException naming what is wrong with the class
   */
  public static TransformType of(Class<? extends Transform> type) {
    if (!type.isRecord()) {
      throw new IllegalArgumentException(type.getName() + " must be a record to be a transform");
    }
    TransformName name = type.getAnnotation(TransformName.class);
    if (name == null || name.value().isEmpty()) {
      throw new IllegalArgumentException(type.getName() + " has no @TransformName with an FQDN");
    }
    Set<String> aliases = new LinkedHashSet<>(List.of(name.aliases()));
    if (aliases.contains(name.value()) || aliases.contains("")) {
      throw new IllegalArgumentException(
          type.getName() + " lists its own FQDN or an empty name as an alias");
    }
    for (RecordComponent c : type.getRecordComponents()) {
      if (jsonName(c).equals("fqdn")) {
        throw new IllegalArgumentException(
            type.getName() + " has a component named 'fqdn', which is the transform's name");
      }
      checkSupported(c.getGenericType(), type.getName() + "." + c.getName(), true, new HashSet<>());
    }
    return new TransformType(name.value(), aliases, type);
  }

  /** The canonical FQDN followed by the aliases. */
  public Set<String> names() {
    Set<String> names = new LinkedHashSet<>();
    names.add(fqdn);
    names.addAll(aliases);
    return names;
  }

  /** The JSON member names of the transform's fields, in declaration order. */
  public List<String> fieldNames() {
    List<String> names = new ArrayList<>();
    for (RecordComponent c : type.getRecordComponents()) {
      names.add(jsonName(c));
    }
    return names;
  }

  /** The JSON member name of a record component: its {@code @JsonbProperty}, or snake_case. */
  static String jsonName(RecordComponent c) {
    JsonbProperty property = c.getAccessor().getAnnotation(JsonbProperty.class);
    if (property != null && !property.value().isEmpty()) {
      return property.value();
    }
    return SnakeCase.INSTANCE.translateName(c.getName());
  }

  private static void checkSupported(
      Type type, String where, boolean optionalAllowed, Set<Class<?>> visiting) {
    if (type instanceof Class<?> c) {
      if (c == String.class
          || c == long.class
          || c == Long.class
          || c == int.class
          || c == Integer.class
          || c == boolean.class
          || c == Boolean.class
          || c == JsonValue.class
          || c == JsonObject.class
          || c == JsonArray.class) {
        return;
      }
      if (c.isRecord()) {
        if (!visiting.add(c)) {
          throw new IllegalArgumentException(where + ": recursive record types are not supported");
        }
        for (RecordComponent rc : c.getRecordComponents()) {
          checkSupported(rc.getGenericType(), where + "." + rc.getName(), true, visiting);
        }
        visiting.remove(c);
        return;
      }
      throw new IllegalArgumentException(
          where + ": type " + c.getName() + " cannot be bound from canonical JSON");
    }
    if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
      Type[] args = p.getActualTypeArguments();
      if (raw == Optional.class) {
        if (!optionalAllowed) {
          throw new IllegalArgumentException(where + ": Optional is only allowed for a field");
        }
        checkSupported(args[0], where, false, visiting);
        return;
      }
      if (raw == List.class || raw == Set.class || raw == Collection.class) {
        checkSupported(args[0], where + "[]", false, visiting);
        return;
      }
      if (raw == Map.class && args[0] == String.class) {
        checkSupported(args[1], where + "{}", false, visiting);
        return;
      }
    }
    throw new IllegalArgumentException(
        where + ": type " + type.getTypeName() + " cannot be bound from canonical JSON");
  }
}
