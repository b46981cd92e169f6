package org.jledger.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.bouncycastle.crypto.digests.RIPEMD160Digest;
import org.jledger.InvalidInputException;

/**
 * An account address: {@code Base58Check(0x00 || RIPEMD-160(SHA-256(pk)))} with Bitcoin's alphabet
 * and a 4-byte double-SHA-256 checksum. Addresses start with {@code 1}.
 */
public record Address(String value) implements Comparable<Address> {

  private static final int PAYLOAD = 21;

  public Address {
    if (value == null) {
      throw new InvalidInputException("invalid_address", "address is missing");
    }
  }

  /** The address of a verifying key. */
  public static Address of(VerifyingKey key) {
    return of(key.toBytes());
  }

  /** The address of 32 raw verifying-key bytes. */
  public static Address of(byte[] verifyingKey) {
    byte[] sha = sha256(verifyingKey);
    RIPEMD160Digest ripemd = new RIPEMD160Digest();
    ripemd.update(sha, 0, sha.length);
    byte[] payload = new byte[PAYLOAD];
    payload[0] = 0x00;
    ripemd.doFinal(payload, 1);
    return new Address(base58Check(payload));
  }

  /** Base58Check of a version-prefixed payload (exposed for known-answer tests). */
  public static String base58Check(byte[] payload) {
    byte[] checksum = sha256(sha256(payload));
    byte[] full = Arrays.copyOf(payload, payload.length + 4);
    System.arraycopy(checksum, 0, full, payload.length, 4);
    return Base58.encode(full);
  }

  /**
   * Parses and checks an address: Base58 characters, 25 bytes, version 0, and a checksum that
   * matches.
   */
  public static Address parse(String text) {
    return PARSED.get(text, Address::check);
  }

  private static final RecentlyParsed<Address> PARSED = new RecentlyParsed<>(100_000);

  private static Address check(String text) {
    if (text == null || text.isEmpty()) {
      throw new InvalidInputException("invalid_address", "address is missing");
    }
    if (text.length() > 40) {
      throw new InvalidInputException("invalid_address", "address is too long");
    }
    byte[] full = Base58.decode(text);
    if (full.length != PAYLOAD + 4 || full[0] != 0) {
      throw new InvalidInputException(
          "invalid_address", "'" + text + "' is not a version-0 Base58Check address");
    }
    byte[] payload = Arrays.copyOf(full, PAYLOAD);
    byte[] checksum = sha256(sha256(payload));
    for (int i = 0; i < 4; i++) {
      if (checksum[i] != full[PAYLOAD + i]) {
        throw new InvalidInputException(
            "invalid_address", "'" + text + "' has a wrong Base58Check checksum");
      }
    }
    return new Address(text);
  }

  /** Whether the text is a well-formed address. */
  public static boolean isValid(String text) {
    try {
      parse(text);
      return true;
    } catch (InvalidInputException e) {
      return false;
    }
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public int compareTo(Address o) {
    return value.compareTo(o.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
