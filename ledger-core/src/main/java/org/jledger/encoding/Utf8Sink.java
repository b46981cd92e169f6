package org.jledger.encoding;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Where {@link CanonicalJson} writes: UTF-8 bytes, kept in a growing array, or passed through a
 * digest a buffer at a time so that hashing a proposal of megabytes holds no copy of its text (a
 * {@code StringBuilder}, its {@code String} and their UTF-8 bytes were an eighth of what a loaded
 * node allocated). Strings are written as they are: escaping is the writer's business, and they
 * hold no lone surrogate (checked before).
 */
final class Utf8Sink {

  /** A digest sink's buffer grows up to this size, then passes its bytes on when full. */
  private static final int DIGEST_BUFFER = 8 * 1024;

  private final MessageDigest digest;
  private byte[] buf;
  private int len;

  private Utf8Sink(MessageDigest digest, int capacity) {
    this.digest = digest;
    this.buf = new byte[capacity];
  }

  /** Keeps every byte. */
  static Utf8Sink growing(int capacity) {
    return new Utf8Sink(null, capacity);
  }

  /**
   * Passes the bytes through {@code digest}; {@link #flush()} passes the last ones. Most values
   * hashed are small (a state entry, a key), so the buffer starts small too.
   */
  static Utf8Sink through(MessageDigest digest) {
    return new Utf8Sink(digest, 256);
  }

  /** Appends an ASCII character. */
  void ascii(char c) {
    room(1);
    buf[len++] = (byte) c;
  }

  /** Appends an ASCII string (a literal or a number). */
  void ascii(String s) {
    for (int i = 0; i < s.length(); i++) {
      ascii(s.charAt(i));
    }
  }

  /** Appends bytes that are UTF-8 already. */
  void raw(byte[] b) {
    if (digest != null && len + b.length > buf.length) {
      digest.update(buf, 0, len);
      len = 0;
      digest.update(b);
      return;
    }
    room(b.length);
    System.arraycopy(b, 0, buf, len, b.length);
    len += b.length;
  }

  /** Appends {@code s} encoded as UTF-8. */
  void text(String s) {
    text(s, 0, s.length());
  }

  /**
   * Appends the characters {@code from} (inclusive) to {@code to} (exclusive) of {@code s}: runs of
   * ASCII, most of what a ledger writes, a buffer's worth at a time.
   */
  void text(String s, int from, int to) {
    int i = from;
    while (i < to) {
      room(Math.min(to - i, ASCII_RUN));
      byte[] b = buf;
      int n = len;
      int end = Math.min(to, i + b.length - n);
      char c = 0;
      while (i < end && (c = s.charAt(i)) < 0x80) {
        b[n++] = (byte) c;
        i++;
      }
      len = n;
      if (i < end) {
        i = nonAscii(s, i, to, c);
      }
    }
  }

  /** Most bytes {@link #text} asks room for at once. */
  private static final int ASCII_RUN = 1024;

  /**
   * Appends the character {@code c} at {@code i}, or the pair it starts; returns the next index.
   */
  private int nonAscii(String s, int i, int to, char c) {
    if (c < 0x800) {
      room(2);
      buf[len++] = (byte) (0xc0 | c >> 6);
      buf[len++] = (byte) (0x80 | c & 0x3f);
    } else if (Character.isHighSurrogate(c) && i + 1 < to) {
      int cp = Character.toCodePoint(c, s.charAt(++i));
      room(4);
      buf[len++] = (byte) (0xf0 | cp >> 18);
      buf[len++] = (byte) (0x80 | cp >> 12 & 0x3f);
      buf[len++] = (byte) (0x80 | cp >> 6 & 0x3f);
      buf[len++] = (byte) (0x80 | cp & 0x3f);
    } else {
      room(3);
      buf[len++] = (byte) (0xe0 | c >> 12);
      buf[len++] = (byte) (0x80 | c >> 6 & 0x3f);
      buf[len++] = (byte) (0x80 | c & 0x3f);
    }
    return i + 1;
  }

  private void room(int n) {
    if (len + n <= buf.length) {
      return;
    }
    if (digest != null && buf.length >= DIGEST_BUFFER) {
      digest.update(buf, 0, len);
      len = 0;
    } else {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
    }
  }

  /** The bytes written (growing sinks only). */
  byte[] bytes() {
    return len == buf.length ? buf : Arrays.copyOf(buf, len);
  }

  /** The bytes written, as text (growing sinks only). */
  String string() {
    return new String(buf, 0, len, StandardCharsets.UTF_8);
  }

  /** Passes what is buffered through the digest (digest sinks only). */
  void flush() {
    digest.update(buf, 0, len);
    len = 0;
  }
}
