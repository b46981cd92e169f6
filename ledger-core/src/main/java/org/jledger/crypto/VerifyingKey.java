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
    return Ed25519.verify(signature, 0, bytes, 0, message, 0, message.length);
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
