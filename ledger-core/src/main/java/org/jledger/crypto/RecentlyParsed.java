package org.jledger.crypto;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Values parsed lately, by their text: every transaction and consensus message names addresses and
 * keys, mostly the same ones, and checking one costs hashes and a Base58 conversion. Bounded (it
 * starts over when full); only what parsed is kept. Thread-safe.
 */
final class RecentlyParsed<T> {

  private final Map<String, T> values = new ConcurrentHashMap<>();
  private final int capacity;

  RecentlyParsed(int capacity) {
    this.capacity = capacity;
  }

  /** The value of {@code text}, parsed by {@code parse} unless it was lately. */
  T get(String text, Function<String, T> parse) {
    T known = text == null ? null : values.get(text);
    if (known != null) {
      return known;
    }
    T parsed = parse.apply(text);
    if (values.size() >= capacity) {
      values.clear();
    }
    values.put(text, parsed);
    return parsed;
  }
}
