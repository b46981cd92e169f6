package org.jledger.encoding;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import jakarta.json.stream.JsonParsingException;
import java.io.StringReader;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * RFC 8785 (JCS) canonical JSON, the one encoding that hashes and signatures cover.
 *
 * <p>Values that are hashed or signed may only be null, booleans, strings, arrays, objects and
 * integers in [-(2^53-1), 2^53-1] written without fraction or exponent. Anything else is refused
 * with {@link InvalidJsonException}, both when parsing and when encoding. Object keys are sorted by
 * UTF-16 code units, strings are escaped as RFC 8785 section 3.2.2.2 says, and the output is UTF-8
 * without whitespace.
 */
public final class CanonicalJson {

  /** The largest integer a canonical value may hold, 2^53 - 1. */
  public static final long MAX_SAFE_INTEGER = 9_007_199_254_740_991L;

  /** The JSON-P provider, looked up once (each {@code Json.createX} call would look it up). */
  public static final JsonProvider PROVIDER = JsonProvider.provider();

  /** Parsers of the events {@link ValueReader} builds values from (it refuses duplicate keys). */
  private static final JsonParserFactory PARSERS = PROVIDER.createParserFactory(Map.of());

  private CanonicalJson() {}

  /**
   * Parses JSON text strictly: duplicate keys, trailing content and non-canonical numbers are
   * refused. One pass over the text, which also notes whether every string and number may be
   * encoded; only a value that may not is walked again, to name where. Objects of up to {@value
   * SmallObject#MAX_MEMBERS} members are read compactly, with member names shared.
   */
  public static JsonValue parse(String text) {
    if (text == null || text.isBlank()) {
      throw new InvalidJsonException("the body is empty; a JSON value is required");
    }
    JsonValue value;
    boolean encodable;
    try (JsonParser parser = PARSERS.createParser(new StringReader(text))) {
      ValueReader reader = new ValueReader(parser);
      value = reader.read(parser.next());
      encodable = reader.encodable;
      requireEnd(parser);
    } catch (JsonParsingException e) {
      var loc = e.getLocation();
      throw new InvalidJsonException(
          "malformed JSON"
              + (loc == null
                  ? ""
                  : " at line " + loc.getLineNumber() + ", column " + loc.getColumnNumber())
              + ": "
              + e.getMessage(),
          e);
    } catch (InvalidJsonException e) {
      throw e;
    } catch (RuntimeException e) {
      // JsonException, NoSuchElementException, and Parsson's plain RuntimeException for nesting
      // deeper than 1,000
      throw new InvalidJsonException("malformed JSON: " + e.getMessage(), e);
    }
    if (!encodable) {
      check(value, "");
      throw new IllegalStateException("a value found not encodable passed the check: " + text);
    }
    return value;
  }

  /**
   * Builds a value from a parser's events: JSON-P's own {@code getValue()} keeps every string as a
   * {@code StringBuilder} (copied again on each {@code getString()}), every name as a string of its
   * own, and every object as a {@code LinkedHashMap}.
   */
  private static final class ValueReader {

    /**
     * Member names shared by every value read, starting with those of DESIGN's transactions, blocks
     * and consensus messages.
     */
    private static final SharedNames NAMES =
        new SharedNames(
            4096,
            64,
            List.of(
                "fqdn",
                "transform",
                "proofs",
                "address",
                "nonce",
                "challenge",
                "verifying_key",
                "signature",
                "network_id",
                "height",
                "round",
                "state_hash",
                "result_state_hash",
                "timestamp",
                "proposer",
                "transactions_root",
                "previous_commits_root",
                "transactions",
                "previous_commits",
                "hash",
                "commits",
                "block",
                "block_hash",
                "sender",
                "receiver",
                "amount",
                "balance"));

    private final JsonParser parser;
    boolean encodable = true;

    ValueReader(JsonParser parser) {
      this.parser = parser;
    }

    JsonValue read(JsonParser.Event event) {
      return switch (event) {
        case START_OBJECT -> object();
        case START_ARRAY -> array();
        case VALUE_STRING -> {
          String s = parser.getString();
          encodable &= validUnicode(s);
          yield PROVIDER.createValue(s);
        }
        case VALUE_NUMBER -> {
          JsonNumber n = (JsonNumber) parser.getValue();
          encodable &= isSafeInteger(n);
          yield n;
        }
        case VALUE_TRUE -> JsonValue.TRUE;
        case VALUE_FALSE -> JsonValue.FALSE;
        case VALUE_NULL -> JsonValue.NULL;
        default -> throw new InvalidJsonException("malformed JSON: unexpected " + event);
      };
    }

    private JsonValue array() {
      JsonArrayBuilder array = PROVIDER.createArrayBuilder();
      for (JsonParser.Event e = parser.next(); e != JsonParser.Event.END_ARRAY; e = parser.next()) {
        array.add(read(e));
      }
      return array.build();
    }

    private JsonValue object() {
      String[] names = new String[4];
      JsonValue[] values = new JsonValue[4];
      int n = 0;
      Set<String> large = null;
      for (JsonParser.Event e = parser.next();
          e != JsonParser.Event.END_OBJECT;
          e = parser.next()) {
        String name = name(parser.getString());
        if (n < SmallObject.MAX_MEMBERS) {
          for (int i = 0; i < n; i++) {
            if (names[i].equals(name)) {
              throw duplicate(name);
            }
          }
        } else {
          if (large == null) {
            large = new HashSet<>(Arrays.asList(names).subList(0, n));
          }
          if (!large.add(name)) {
            throw duplicate(name);
          }
        }
        if (n == names.length) {
          names = Arrays.copyOf(names, n * 2);
          values = Arrays.copyOf(values, n * 2);
        }
        names[n] = name;
        values[n] = read(parser.next());
        n++;
      }
      if (n <= SmallObject.MAX_MEMBERS) {
        return new SmallObject(Arrays.copyOf(names, n), Arrays.copyOf(values, n));
      }
      JsonObjectBuilder object = PROVIDER.createObjectBuilder();
      for (int i = 0; i < n; i++) {
        object.add(names[i], values[i]);
      }
      return object.build();
    }

    private String name(String name) {
      encodable &= validUnicode(name);
      return NAMES.share(name);
    }

    private static InvalidJsonException duplicate(String name) {
      return new InvalidJsonException("malformed JSON: duplicate key \"" + name + "\"");
    }
  }

  /** Refuses anything but white space after the one value. */
  private static void requireEnd(JsonParser parser) {
    boolean more;
    try {
      more = parser.hasNext();
    } catch (JsonParsingException e) {
      throw new InvalidJsonException("malformed JSON: content after the value", e);
    }
    if (more) {
      throw new InvalidJsonException("malformed JSON: content after the value");
    }
  }

  /** Parses JSON text that must be an object. */
  public static JsonObject parseObject(String text) {
    JsonValue value = parse(text);
    if (!(value instanceof JsonObject object)) {
      throw new InvalidJsonException("a JSON object is required, got " + typeName(value));
    }
    return object;
  }

  /** The canonical UTF-8 bytes of a value. */
  public static byte[] encode(JsonValue value) {
    if (value instanceof EncodedObject encoded) {
      return encoded.bytes();
    }
    Utf8Sink out = Utf8Sink.growing(256);
    write(value, out, "");
    return out.bytes();
  }

  /** The canonical text of a value. */
  public static String toCanonicalString(JsonValue value) {
    if (value instanceof EncodedObject encoded) {
      return encoded.text();
    }
    Utf8Sink out = Utf8Sink.growing(256);
    write(value, out, "");
    return out.string();
  }

  /**
   * {@code digest(obj) = SHA-256(JCS(obj))}; the text goes through the digest as it is written and
   * is never held whole.
   */
  public static Hash digest(JsonValue value) {
    if (value instanceof EncodedObject encoded) {
      return Hash.sha256(encoded.utf8());
    }
    return Hash.sha256(
        md -> {
          Utf8Sink out = Utf8Sink.through(md);
          write(value, out, "");
          out.flush();
        });
  }

  /**
   * Checks that a value may be canonically encoded: integers only and within range, strings without
   * lone surrogates.
   */
  public static void check(JsonValue value, String where) {
    switch (value.getValueType()) {
      case NUMBER -> checkedLong((JsonNumber) value, where);
      case STRING -> checkString(((JsonString) value).getString(), where);
      case ARRAY -> {
        JsonArray array = (JsonArray) value;
        for (int i = 0; i < array.size(); i++) {
          check(array.get(i), where + "/" + i);
        }
      }
      case OBJECT -> {
        for (Map.Entry<String, JsonValue> e : ((JsonObject) value).entrySet()) {
          checkString(e.getKey(), where + " (a key)");
          check(e.getValue(), where + "/" + e.getKey());
        }
      }
      default -> {}
    }
  }

  /** The value of an integer JSON number, refusing fractions, exponents and unsafe magnitudes. */
  public static long checkedLong(JsonNumber number, String where) {
    if (isSafeInteger(number)) {
      return number.longValue();
    }
    if (!number.isIntegral()) {
      throw new InvalidJsonException(
          "number "
              + number
              + at(where)
              + " is not an integer; only integers without fraction or exponent are allowed");
    }
    throw outOfRange(number, where);
  }

  /** Whether the number is an integer in [-(2^53-1), 2^53-1]. */
  private static boolean isSafeInteger(JsonNumber number) {
    if (!number.isIntegral()) {
      return false;
    }
    try {
      long v = number.longValueExact();
      return v <= MAX_SAFE_INTEGER && v >= -MAX_SAFE_INTEGER;
    } catch (ArithmeticException e) {
      return false;
    }
  }

  private static InvalidJsonException outOfRange(JsonNumber number, String where) {
    return new InvalidJsonException(
        "number " + number + at(where) + " is outside [-(2^53-1), 2^53-1]");
  }

  private static String at(String where) {
    return where.isEmpty() ? "" : " at " + where;
  }

  private static void checkString(String s, String where) {
    if (!validUnicode(s)) {
      throw loneSurrogate(where);
    }
  }

  /** True if {@code s} has no lone UTF-16 surrogate. */
  private static boolean validUnicode(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
          continue;
        }
        return false;
      }
      if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  private static InvalidJsonException loneSurrogate(String where) {
    return new InvalidJsonException(
        "string" + at(where) + " holds a lone UTF-16 surrogate, which is not valid Unicode");
  }

  static String typeName(JsonValue value) {
    return switch (value.getValueType()) {
      case OBJECT -> "an object";
      case ARRAY -> "an array";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case TRUE, FALSE -> "a boolean";
      case NULL -> "null";
    };
  }

  private static void write(JsonValue value, Utf8Sink out, String where) {
    switch (value.getValueType()) {
      case NULL -> out.ascii("null");
      case TRUE -> out.ascii("true");
      case FALSE -> out.ascii("false");
      case NUMBER -> out.ascii(Long.toString(checkedLong((JsonNumber) value, where)));
      case STRING -> writeString(((JsonString) value).getString(), out, where);
      case ARRAY -> {
        JsonArray array = (JsonArray) value;
        out.ascii('[');
        for (int i = 0; i < array.size(); i++) {
          if (i > 0) {
            out.ascii(',');
          }
          write(array.get(i), out, where);
        }
        out.ascii(']');
      }
      case OBJECT -> {
        if (value instanceof EncodedObject encoded) {
          out.raw(encoded.utf8());
          return;
        }
        JsonObject object = (JsonObject) value;
        String[] keys = object.keySet().toArray(new String[0]);
        // String.compareTo orders by UTF-16 code units, exactly as RFC 8785 section 3.2.3 asks.
        Arrays.sort(keys);
        out.ascii('{');
        for (int i = 0; i < keys.length; i++) {
          if (i > 0) {
            out.ascii(',');
          }
          writeString(keys[i], out, where);
          out.ascii(':');
          write(object.get(keys[i]), out, where);
        }
        out.ascii('}');
      }
    }
  }

  private static void writeString(String s, Utf8Sink out, String where) {
    checkString(s, where);
    out.ascii('"');
    int run = 0;
    for (int i = 0; i < s.length(); i++) {
      String escape = escape(s.charAt(i));
      if (escape != null) {
        out.text(s, run, i);
        out.ascii(escape);
        run = i + 1;
      }
    }
    out.text(s, run, s.length());
    out.ascii('"');
  }

  /** How RFC 8785 writes {@code c} in a string, or null if as it is. */
  private static String escape(char c) {
    if (c >= 0x20 && c != '"' && c != '\\') {
      return null;
    }
    return switch (c) {
      case '"' -> "\\\"";
      case '\\' -> "\\\\";
      case '\b' -> "\\b";
      case '\f' -> "\\f";
      case '\n' -> "\\n";
      case '\r' -> "\\r";
      case '\t' -> "\\t";
      default -> "\\u00" + Character.forDigit(c >> 4, 16) + Character.forDigit(c & 0xf, 16);
    };
  }
}
