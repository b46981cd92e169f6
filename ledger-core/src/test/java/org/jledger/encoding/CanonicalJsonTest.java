package org.jledger.encoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jledger.support.Vectors;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {

  @Test
  void reproducesTheDesignVectors() {
    for (JsonValue v : Vectors.all().getJsonArray("jcs")) {
      JsonObject vector = v.asJsonObject();
      JsonValue parsed = CanonicalJson.parse(vector.getString("input"));
      assertThat(CanonicalJson.toCanonicalString(parsed)).isEqualTo(vector.getString("jcs"));
      assertThat(CanonicalJson.digest(parsed).hex()).isEqualTo(vector.getString("digest"));
    }
  }

  /** An encoded object is written as its canonical text, inside other values too. */
  @Test
  void anEncodedObjectIsWrittenAsItsCanonicalText() {
    JsonObject tx =
        CanonicalJson.parseObject("{\"z\":1,\"a\":[\"\\u20ac\",{\"y\":null,\"b\":true}]}");
    EncodedObject encoded = EncodedObject.of(tx);
    assertThat(encoded.text()).isEqualTo(CanonicalJson.toCanonicalString(tx));
    assertThat(EncodedObject.of(encoded)).isSameAs(encoded);
    JsonObject outer =
        CanonicalJson.PROVIDER.createObjectBuilder().add("tx", encoded).add("n", 2).build();
    JsonObject plain =
        CanonicalJson.PROVIDER.createObjectBuilder().add("tx", tx).add("n", 2).build();
    assertThat(CanonicalJson.toCanonicalString(outer))
        .isEqualTo(CanonicalJson.toCanonicalString(plain));
    assertThat(CanonicalJson.digest(encoded)).isEqualTo(CanonicalJson.digest(tx));
    // its members read as the object's, and it equals it both ways
    assertThat(encoded.getInt("z")).isEqualTo(1);
    assertThat(encoded.getJsonArray("a").getJsonObject(1).getBoolean("b")).isTrue();
    assertThat(encoded).isEqualTo(tx);
    assertThat(tx).isEqualTo(encoded);
    assertThat(encoded.hashCode()).isEqualTo(tx.hashCode());
  }

  /**
   * A value far longer than the digest's buffer, with one-, two-, three- and four-byte characters
   * and escapes at every offset of it: the bytes are those of the JDK's UTF-8 encoder, and the
   * digest, which never holds the text whole, is SHA-256 of them.
   */
  @Test
  void longValuesAreEncodedAndDigestedAcrossBufferBoundaries() throws Exception {
    var array = CanonicalJson.PROVIDER.createArrayBuilder();
    StringBuilder expected = new StringBuilder("[");
    String piece = "a\u00e9\u20ac\ud83d\ude00\"\n";
    String written = "a\u00e9\u20ac\ud83d\ude00\\\"\\n";
    for (int i = 0; i < 3000; i++) {
      String s = "x".repeat(i % 7) + piece;
      array.add(s);
      expected.append(i > 0 ? "," : "").append('"').append("x".repeat(i % 7)).append(written);
      expected.append('"');
    }
    JsonValue value = array.build();
    byte[] utf8 = expected.append(']').toString().getBytes(StandardCharsets.UTF_8);
    assertThat(utf8.length).isGreaterThan(4 * 8 * 1024);
    assertThat(CanonicalJson.encode(value)).isEqualTo(utf8);
    assertThat(CanonicalJson.toCanonicalString(value)).isEqualTo(expected.toString());
    byte[] sha256 = java.security.MessageDigest.getInstance("SHA-256").digest(utf8);
    assertThat(CanonicalJson.digest(value).hex()).isEqualTo(Hex.encode(sha256));
  }

  /**
   * Encoded objects are copied into larger values as bytes: an array of them, small and larger than
   * the buffers, with long ASCII runs and other characters, encodes and digests exactly as the same
   * objects written member by member.
   */
  @Test
  void encodedObjectsAreCopiedIntoLargerValuesAcrossBufferBoundaries() throws Exception {
    var plain = CanonicalJson.PROVIDER.createArrayBuilder();
    var encoded = CanonicalJson.PROVIDER.createArrayBuilder();
    StringBuilder text = new StringBuilder("[");
    for (int i = 0; i < 200; i++) {
      String run = "y".repeat(i * 97 % 12_000);
      String tail = i % 3 == 0 ? "\u00e9\ud83d\ude00\t" : "";
      JsonObject o =
          CanonicalJson.PROVIDER.createObjectBuilder().add("s", run + tail).add("n", i).build();
      plain.add(o);
      encoded.add(EncodedObject.of(o));
      text.append(i > 0 ? "," : "").append("{\"n\":").append(i).append(",\"s\":\"").append(run);
      text.append(tail.replace("\t", "\\t")).append("\"}");
    }
    JsonValue expected = plain.build();
    JsonValue value = encoded.build();
    byte[] utf8 = text.append(']').toString().getBytes(StandardCharsets.UTF_8);
    assertThat(CanonicalJson.encode(expected)).isEqualTo(utf8);
    assertThat(utf8.length).isGreaterThan(100 * 8 * 1024);
    assertThat(CanonicalJson.encode(value)).isEqualTo(utf8);
    assertThat(CanonicalJson.toCanonicalString(value))
        .isEqualTo(new String(utf8, StandardCharsets.UTF_8));
    byte[] sha256 = java.security.MessageDigest.getInstance("SHA-256").digest(utf8);
    assertThat(CanonicalJson.digest(value).hex()).isEqualTo(Hex.encode(sha256));
    assertThat(CanonicalJson.digest(expected).hex()).isEqualTo(Hex.encode(sha256));
  }

  /** RFC 8785 section 3.2.3: sorting by UTF-16 code units, with its own example. */
  @Test
  void sortsKeysAsRfc8785Section323() {
    String input =
        "{\"\\u20ac\":\"Euro Sign\",\"\\r\":\"Carriage Return\",\"\\ufb33\":\"Hebrew Letter Dalet"
            + " With Dagesh\",\"1\":\"One\",\"\\ud83d\\ude00\":\"Emoji: Grinning Face\","
            + "\"\\u0080\":\"Control\",\"\\u00f6\":\"Latin Small Letter O With Diaeresis\"}";
    String canonical = CanonicalJson.toCanonicalString(CanonicalJson.parse(input));
    assertThat(canonical)
        .isEqualTo(
            "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\","
                + "\"\u00f6\":\"Latin Small Letter O With Diaeresis\",\"\u20ac\":\"Euro Sign\","
                + "\"\ud83d\ude00\":\"Emoji: Grinning Face\","
                + "\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}");
  }

  /**
   * RFC 8785 section 3.2.2 example, string and literal parts (its numbers are floats, which a
   * ledger value may not hold; they are refused in {@link #refusesNonIntegers()}).
   */
  @Test
  void escapesStringsAsRfc8785Section322() {
    String input =
        "{\"string\": \"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\","
            + " \"literals\": [null, true, false]}";
    byte[] canonical = CanonicalJson.encode(CanonicalJson.parse(input));
    String expected =
        "{\"literals\":[null,true,false],\"string\":\"€$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}";
    assertThat(new String(canonical, StandardCharsets.UTF_8)).isEqualTo(expected);
    // RFC 8785 appendix: the UTF-8 bytes of the string part begin 22 e2 82 ac 24 5c 75 30 30 30 66
    String hex = Hex.encode(canonical);
    assertThat(hex).contains("22e282ac245c7530303066");
  }

  @Test
  void refusesNonIntegers() {
    for (String bad :
        new String[] {"1.5", "1.0", "1e2", "[333333333.33333329]", "{\"a\":2e-3}", "0.0"}) {
      assertThatThrownBy(() -> CanonicalJson.parse(bad))
          .as(bad)
          .isInstanceOf(InvalidJsonException.class)
          .hasMessageContaining("not an integer");
    }
  }

  @Test
  void refusesIntegersBeyondTwoToThe53() {
    assertThat(CanonicalJson.toCanonicalString(CanonicalJson.parse("-9007199254740991")))
        .isEqualTo("-9007199254740991");
    for (String bad :
        new String[] {"9007199254740992", "-9007199254740992", "1" + "0".repeat(30)}) {
      assertThatThrownBy(() -> CanonicalJson.parse(bad))
          .as(bad)
          .isInstanceOf(InvalidJsonException.class)
          .hasMessageContaining("outside");
    }
  }

  @Test
  void refusesMalformedJsonDuplicateKeysAndLoneSurrogates() {
    assertThatThrownBy(() -> CanonicalJson.parse("{\"a\":1,"))
        .isInstanceOf(InvalidJsonException.class)
        .hasMessageContaining("malformed JSON");
    assertThatThrownBy(() -> CanonicalJson.parse("{\"a\":1,\"a\":2}"))
        .isInstanceOf(InvalidJsonException.class);
    assertThatThrownBy(() -> CanonicalJson.parse("\"\\ud800\""))
        .isInstanceOf(InvalidJsonException.class)
        .hasMessageContaining("surrogate");
    assertThatThrownBy(() -> CanonicalJson.parse("{\"a\":1} trailing"))
        .isInstanceOf(InvalidJsonException.class)
        .hasMessageContaining("after the value");
    assertThatThrownBy(() -> CanonicalJson.parse("[1] [2]"))
        .isInstanceOf(InvalidJsonException.class);
    assertThat(CanonicalJson.parse(" {\"a\":1}\n ")).isEqualTo(CanonicalJson.parse("{\"a\":1}"));
    assertThatThrownBy(() -> CanonicalJson.parse("")).isInstanceOf(InvalidJsonException.class);
    assertThatThrownBy(() -> CanonicalJson.parse("[".repeat(5000) + "]".repeat(5000)))
        .isInstanceOf(InvalidJsonException.class)
        .hasMessageContaining("nested");
    assertThatThrownBy(() -> CanonicalJson.parseObject("[1]"))
        .isInstanceOf(InvalidJsonException.class)
        .hasMessageContaining("object");
  }

  /**
   * Parsed objects are read compactly, with shared member names; they must still be JSON-P objects
   * in every way a caller sees: equal to (and hashed like) Parsson's, the same typed accessors, the
   * same text, in the order sent.
   */
  @Test
  void parsedObjectsBehaveAsJsonPObjects() {
    String text =
        "{\"s\":\"\u20ac\",\"n\":7,\"big\":9007199254740991,\"t\":true,\"f\":false,"
            + "\"z\":null,\"a\":[1,{\"k\":\"v\"}],\"o\":{}}";
    JsonObject parsed = CanonicalJson.parseObject(text);
    JsonObject parsson;
    try (var reader = CanonicalJson.PROVIDER.createReader(new java.io.StringReader(text))) {
      parsson = reader.readObject();
    }
    assertThat(parsed).isEqualTo(parsson).hasSameHashCodeAs(parsson);
    assertThat(parsson).isEqualTo(parsed);
    assertThat(parsed.toString()).isEqualTo(parsson.toString());
    assertThat(parsed.keySet()).containsExactly("s", "n", "big", "t", "f", "z", "a", "o");
    assertThat(parsed.getString("s")).isEqualTo("\u20ac");
    assertThat(parsed.getString("n", "d")).isEqualTo("d");
    assertThat(parsed.getInt("n")).isEqualTo(7);
    assertThat(parsed.getInt("s", -1)).isEqualTo(-1);
    assertThat(parsed.getJsonNumber("big").longValue()).isEqualTo(9007199254740991L);
    assertThat(parsed.getBoolean("t")).isTrue();
    assertThat(parsed.getBoolean("f")).isFalse();
    assertThat(parsed.getBoolean("missing", true)).isTrue();
    assertThat(parsed.getBoolean("n", true)).isTrue();
    assertThat(parsed.isNull("z")).isTrue();
    assertThat(parsed.isNull("n")).isFalse();
    assertThat(parsed.getJsonArray("a").getJsonObject(1).getString("k")).isEqualTo("v");
    assertThat(parsed.getJsonObject("o")).isEmpty();
    assertThat(parsed.containsKey("z")).isTrue();
    assertThat(parsed.containsKey("missing")).isFalse();
    assertThat(parsed.get("missing")).isNull();
    assertThatThrownBy(() -> parsed.getString("missing")).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> parsed.getBoolean("missing")).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> parsed.getBoolean("n")).isInstanceOf(ClassCastException.class);
    assertThatThrownBy(() -> parsed.getJsonObject("a")).isInstanceOf(ClassCastException.class);
    assertThatThrownBy(() -> parsed.put("x", JsonValue.NULL))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  /** Member names read again are the same strings, not copies. */
  @Test
  void aTransactionsMemberNamesAreShared() {
    String text = "{\"fqdn\":\"x\",\"transform\":{},\"proofs\":{}}";
    var a = CanonicalJson.parseObject(text).keySet().iterator();
    var b = CanonicalJson.parseObject(text).keySet().iterator();
    while (a.hasNext()) {
      assertThat(b.next()).isSameAs(a.next());
    }
  }

  /** The names given first stay shared however many others came; the rest only until full. */
  @Test
  void sharedNamesAreBoundedAndKeepTheFirstOnes() {
    SharedNames names = new SharedNames(4, 8, List.of("fqdn"));
    for (int i = 0; i < 10; i++) {
      assertThat(names.share("flood" + i)).isEqualTo("flood" + i);
    }
    assertThat(names.share(new String("fqdn"))).isSameAs(names.share(new String("fqdn")));
    assertThat(names.share(new String("flood1"))).isSameAs(names.share(new String("flood1")));
    String late = new String("flood9");
    assertThat(names.share(late)).as("not kept once full").isSameAs(late);
    String longName = "x".repeat(9);
    assertThat(names.share(longName)).isSameAs(longName);
  }

  /** Objects past the compact size are read whole too, and keep refusing repeated names. */
  @Test
  void largeObjectsAreReadWholeAndRepeatedNamesRefusedAtAnySize() {
    StringBuilder text = new StringBuilder("{");
    for (int i = 0; i < 40; i++) {
      text.append(i == 0 ? "" : ",").append("\"m").append(i).append("\":").append(i);
    }
    JsonObject large = CanonicalJson.parseObject(text + "}");
    assertThat(large).hasSize(40);
    for (int i = 0; i < 40; i++) {
      assertThat(large.getInt("m" + i)).isEqualTo(i);
    }
    for (int repeated : new int[] {0, 15, 16, 39}) {
      assertThatThrownBy(() -> CanonicalJson.parse(text + ",\"m" + repeated + "\":1}"))
          .isInstanceOf(InvalidJsonException.class)
          .hasMessageContaining("duplicate key \"m" + repeated + "\"");
    }
    assertThatThrownBy(() -> CanonicalJson.parse("{\"a\":{\"b\":1,\"b\":2}}"))
        .isInstanceOf(InvalidJsonException.class)
        .hasMessageContaining("duplicate key \"b\"");
    // what may not be encoded is still named where it is, in a name too
    assertThatThrownBy(() -> CanonicalJson.parse("{\"a\":[1,{\"b\":1.5}]}"))
        .isInstanceOf(InvalidJsonException.class)
        .hasMessageContaining("/a/1/b");
    assertThatThrownBy(() -> CanonicalJson.parse("{\"a\":{\"\\udc00\":1}}"))
        .isInstanceOf(InvalidJsonException.class)
        .hasMessageContaining("surrogate");
  }

  @Test
  void negativeZeroIsZero() {
    assertThat(CanonicalJson.toCanonicalString(CanonicalJson.parse("[-0]"))).isEqualTo("[0]");
  }
}
