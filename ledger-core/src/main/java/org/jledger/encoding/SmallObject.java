package org.jledger.encoding;

import jakarta.json.JsonValue;
import java.io.StringWriter;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * An immutable JSON object of a few members, as {@link CanonicalJson#parse} reads them: its names
 * and values in two arrays, in the order read, found by a linear search. A transaction is a handful
 * of such objects, and a node holds thousands of transactions in its pool and reads thousands more
 * in every proposal: JSON-P's objects (a {@code LinkedHashMap} with an entry per member, and views)
 * take about four times the memory.
 */
final class SmallObject extends ReadOnlyJsonObject {

  /** Most members read into a small object; larger objects are hashed. */
  static final int MAX_MEMBERS = 16;

  private final String[] names;
  private final JsonValue[] values;

  /** The arrays become the object's: the caller must not change or keep them. */
  SmallObject(String[] names, JsonValue[] values) {
    this.names = names;
    this.values = values;
  }

  @Override
  public JsonValue get(Object key) {
    for (int i = 0; i < names.length; i++) {
      if (names[i].equals(key)) {
        return values[i];
      }
    }
    return null;
  }

  @Override
  public boolean containsKey(Object key) {
    return get(key) != null;
  }

  @Override
  public int size() {
    return names.length;
  }

  @Override
  public boolean isEmpty() {
    return names.length == 0;
  }

  @Override
  public Set<Entry<String, JsonValue>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Entry<String, JsonValue>> iterator() {
        return new Iterator<>() {
          private int next;

          @Override
          public boolean hasNext() {
            return next < names.length;
          }

          @Override
          public Entry<String, JsonValue> next() {
            if (next >= names.length) {
              throw new NoSuchElementException();
            }
            int i = next++;
            return new SimpleImmutableEntry<>(names[i], values[i]);
          }
        };
      }

      @Override
      public int size() {
        return names.length;
      }
    };
  }

  /** {@code Map} equality, without an entry object per member when both are small objects. */
  @Override
  public boolean equals(Object o) {
    if (!(o instanceof SmallObject other)) {
      return super.equals(o);
    }
    if (other.names.length != names.length) {
      return false;
    }
    for (int i = 0; i < names.length; i++) {
      if (!values[i].equals(other.get(names[i]))) {
        return false;
      }
    }
    return true;
  }

  /** {@code Map}'s hash code: the sum of each member's name's hash XOR its value's. */
  @Override
  public int hashCode() {
    int h = 0;
    for (int i = 0; i < names.length; i++) {
      h += names[i].hashCode() ^ values[i].hashCode();
    }
    return h;
  }

  /** JSON text, as JSON-P's objects give it. */
  @Override
  public String toString() {
    StringWriter out = new StringWriter();
    CanonicalJson.PROVIDER.createWriter(out).write(this);
    return out.toString();
  }
}
