package org.jledger.encoding;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One string per member name for every value read, so that thousands of pooled transactions do not
 * each hold their own copies of "fqdn", "proofs" and the rest. Bounded: once full, names not seen
 * before are used as they are; the names given at the start are always shared, however many others
 * came first (a client could send thousands of made-up names). Thread-safe.
 */
final class SharedNames {

  private final Map<String, String> names = new ConcurrentHashMap<>();
  private final int capacity;
  private final int maxLength;

  SharedNames(int capacity, int maxLength, Collection<String> first) {
    this.capacity = capacity;
    this.maxLength = maxLength;
    first.forEach(n -> names.put(n, n));
  }

  /** The shared string equal to {@code name}, or {@code name} itself. */
  String share(String name) {
    if (name.length() > maxLength) {
      return name;
    }
    String shared = names.get(name);
    if (shared != null) {
      return shared;
    }
    if (names.size() < capacity) {
      shared = names.putIfAbsent(name, name);
    }
    return shared == null ? name : shared;
  }
}
