package org.jledger.encoding;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * A 32-byte SHA-256 value. Immutable; equality is by content, so it can key maps. Written as
 * lowercase hex on the wire.
 */
public final class Hash implements Comparable<Hash> {

  public static final int LENGTH = 32;

  /** 32 zero bytes: the hash of an empty sparse-Merkle subtree. */
  public static final Hash ZERO = new Hash(new byte[LENGTH]);

  private final byte[] bytes;
  private final int hashCode;

  private Hash(byte[] bytes) {
    this.bytes = bytes;
    this.hashCode = Arrays.hashCode(bytes);
  }

  /** Wraps a copy of 32 bytes. */
  public static Hash of(byte[] bytes) {
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException("a hash has 32 bytes, got " + bytes.length);
    }
    return new Hash(bytes.clone());
  }

  /** Parses 64 hex characters; {@code what} names the value in the error. */
  public static Hash fromHex(String hex, String what) {
    return new Hash(Hex.decode(hex, LENGTH, what));
  }

  /** SHA-256 of the concatenation of the given parts. */
  public static Hash sha256(byte[]... parts) {
    MessageDigest md = newDigest();
    for (byte[] part : parts) {
      md.update(part);
    }
    return new Hash(md.digest());
  }

  /** SHA-256 of what {@code writer} passes through this thread's digest. */
  static Hash sha256(Consumer<MessageDigest> writer) {
    MessageDigest md = newDigest();
    writer.accept(md);
    return new Hash(md.digest());
  }

  /** SHA-256 of {@code prefix || a || b}, the interior node of both Merkle trees. */
  public static Hash sha256(byte prefix, Hash a, Hash b) {
    MessageDigest md = newDigest();
    md.update(prefix);
    md.update(a.bytes);
    md.update(b.bytes);
    return new Hash(md.digest());
  }

  /** SHA-256 of {@code prefix || a}, e.g. an RFC 6962 leaf. */
  public static Hash sha256(byte prefix, Hash a) {
    MessageDigest md = newDigest();
    md.update(prefix);
    md.update(a.bytes);
    return new Hash(md.digest());
  }

  /**
   * This thread's SHA-256 digest, reset: every use is one-shot (update, then {@code digest()},
   * which resets it again), and neither asking the providers nor copying a prototype per hash is
   * free (the lookup was a twentieth of a node's Java samples, the copies a twentieth of what it
   * allocated, for the tens of hashes of every state update).
   */
  private static MessageDigest newDigest() {
    MessageDigest md = DIGEST.get();
    md.reset();
    return md;
  }

  private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(Hash::lookUp);

  private static MessageDigest lookUp() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  /** A copy of the 32 bytes. */
  public byte[] toBytes() {
    return bytes.clone();
  }

  /** Bit {@code i} (0 = most significant bit of byte 0). */
  public int bit(int i) {
    return (bytes[i >>> 3] >>> (7 - (i & 7))) & 1;
  }

  /** Writes the bytes into a digest without copying. */
  public void updateDigest(MessageDigest md) {
    md.update(bytes);
  }

  public String hex() {
    return Hex.encode(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Hash h && hashCode == h.hashCode && Arrays.equals(bytes, h.bytes);
  }

  @Override
  public int hashCode() {
    return hashCode;
  }

  @Override
  public int compareTo(Hash o) {
    return Arrays.compareUnsigned(bytes, o.bytes);
  }

  @Override
  public String toString() {
    return hex();
  }
}
