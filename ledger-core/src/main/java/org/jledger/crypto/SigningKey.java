package org.jledger.crypto;

import java.security.SecureRandom;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.jledger.encoding.Hash;
import org.jledger.encoding.Hex;

/**
 * An Ed25519 private key, held as its 32-byte RFC 8032 seed. A signature always covers the 32 raw
 * bytes of a digest, never hex text.
 */
public final class SigningKey {

  public static final int SEED_LENGTH = 32;

  private final byte[] seed;
  private final VerifyingKey verifyingKey;

  private SigningKey(byte[] seed) {
    this.seed = seed;
    byte[] pk = new byte[VerifyingKey.LENGTH];
    Ed25519.generatePublicKey(seed, 0, pk, 0);
    this.verifyingKey = VerifyingKey.of(pk);
  }

  /** The key of a 32-byte seed. */
  public static SigningKey fromSeed(byte[] seed) {
    if (seed.length != SEED_LENGTH) {
      throw new IllegalArgumentException("an Ed25519 seed has 32 bytes, got " + seed.length);
    }
    return new SigningKey(seed.clone());
  }

  /** The key of a seed written as 64 hex characters. */
  public static SigningKey fromHex(String seedHex) {
    return new SigningKey(Hex.decode(seedHex.strip(), SEED_LENGTH, "signing key seed"));
  }

  /** A fresh key from the given source of randomness. */
  public static SigningKey generate(SecureRandom random) {
    byte[] seed = new byte[SEED_LENGTH];
    random.nextBytes(seed);
    return new SigningKey(seed);
  }

  /** The 64-byte Ed25519 signature of the 32 bytes of {@code digest}. */
  public byte[] sign(Hash digest) {
    byte[] message = digest.toBytes();
    byte[] signature = new byte[VerifyingKey.SIGNATURE_LENGTH];
    Ed25519.sign(seed, 0, message, 0, message.length, signature, 0);
    return signature;
  }

  public VerifyingKey verifyingKey() {
    return verifyingKey;
  }

  public Address address() {
    return verifyingKey.address();
  }

  /** The seed as hex, for writing a key file; never log it. */
  public String seedHex() {
    return Hex.encode(seed);
  }

  @Override
  public String toString() {
    return "SigningKey[" + address() + "]";
  }
}
