package org.jledger.crypto;

import java.util.Arrays;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.jledger.InvalidInputException;
import org.jledger.encoding.Hash;
import org.jledger.encoding.Hex;

/** An Ed25519 (RFC 8032) public key; written as 64 lowercase hex characters. */
public final class VerifyingKey {

  public static final int LENGTH = 32;
  public static final int SIGNATURE_LENGTH = 64;

  private final byte[] bytes;
  private final Address address;

  /**
   * The key decoded to a curve point, once it has verified a signature: later verifies skip the
   * decoding, about a tenth of a verify. It passed the same checks {@code Ed25519.verify} makes of
   * a key's bytes (canonical, on the curve); null until the first verify, and {@link #NOT_A_POINT}
   * for bytes that fail them, which go on being verified (and refused) from their bytes.
   */
  private volatile Object point;

  private static final Object NOT_A_POINT = new Object();

  private VerifyingKey(byte[] bytes) {
    this.bytes = bytes;
    this.address = Address.of(bytes);
  }

  /** Wraps 32 raw bytes. */
  public static VerifyingKey of(byte[] bytes) {
    if (bytes.length != LENGTH) {
      throw new InvalidInputException(
          "invalid_verifying_key", "a verifying key has 32 bytes, got " + bytes.length);
    }
    return new VerifyingKey(bytes.clone());
  }

  /** Parses 64 hex characters. */
  public static VerifyingKey fromHex(String hex) {
    return PARSED.get(hex, h -> new VerifyingKey(Hex.decode(h, LENGTH, "verifying_key")));
  }

  /** Keys parsed lately, with their addresses (three hashes and a Base58 encoding each). */
  private static final RecentlyParsed<VerifyingKey> PARSED = new RecentlyParsed<>(100_000);

  /** Whether {@code signature} is this key's Ed25519 signature of the 32 bytes of a digest. */
  public boolean verify(Hash digest, byte[] signature) {
    if (signature.length != SIGNATURE_LENGTH) {
      return false;
    }
    byte[] message = digest.toBytes();
    Object p = point;
    if (p == null) {
      Ed25519.PublicPoint decoded = Ed25519.validatePublicKeyPartialExport(bytes, 0);
      point = p = decoded != null ? decoded : NOT_A_POINT;
    }
    return p instanceof Ed25519.PublicPoint decoded
        ? Ed25519.verify(signature, 0, decoded, message, 0, message.length)
        : Ed25519.verify(signature, 0, bytes, 0, message, 0, message.length);
  }

  public Address address() {
    return address;
  }

  public byte[] toBytes() {
    return bytes.clone();
  }

  public String hex() {
    return Hex.encode(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VerifyingKey k && Arrays.equals(bytes, k.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return hex();
  }
}
