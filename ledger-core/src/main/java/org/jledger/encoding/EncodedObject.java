package org.jledger.encoding;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * A JSON object that knows its canonical text (RFC 8785), computed once: {@link CanonicalJson}
 * copies that text wherever the object is encoded, so a transaction is encoded once per node, not
 * again in every block, proposal, signature digest and database row that holds it. Only the text is
 * kept, as its UTF-8 bytes, so that writing the object into a larger encoding or a digest copies
 * bytes instead of encoding characters (a proposal holds thousands of transactions); the members
 * are parsed again the first time they are read (a pool holds many transactions that are only ever
 * written out), and then kept.
 */
public final class EncodedObject extends ReadOnlyJsonObject {

  private final byte[] utf8;
  private volatile JsonObject members;

  private EncodedObject(byte[] utf8) {
    this.utf8 = utf8;
  }

  /**
   * Encodes {@code object} canonically once, refusing what cannot be (as {@link
   * CanonicalJson#encode} does). The members are not kept: read them and they are parsed again.
   */
  public static EncodedObject of(JsonObject object) {
    if (object instanceof EncodedObject e) {
      return e;
    }
    return new EncodedObject(CanonicalJson.encode(object));
  }

  /** The canonical text. */
  public String text() {
    return new String(utf8, StandardCharsets.UTF_8);
  }

  /** The canonical UTF-8 bytes (a copy). */
  public byte[] bytes() {
    return utf8.clone();
  }

  /** The canonical UTF-8 bytes themselves, for {@link CanonicalJson}: never to be changed. */
  byte[] utf8() {
    return utf8;
  }

  private JsonObject members() {
    JsonObject m = members;
    if (m == null) {
      m = CanonicalJson.parseObject(text());
      members = m;
    }
    return m;
  }

  @Override
  public Set<Entry<String, JsonValue>> entrySet() {
    return members().entrySet();
  }

  @Override
  public JsonValue get(Object key) {
    return members().get(key);
  }

  @Override
  public boolean containsKey(Object key) {
    return members().containsKey(key);
  }

  @Override
  public int size() {
    return members().size();
  }

  /** The canonical text, as JSON-P's {@code toString} gives JSON text. */
  @Override
  public String toString() {
    return text();
  }
}
