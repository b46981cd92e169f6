package org.jledger.transaction;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.jledger.crypto.Address;
import org.jledger.crypto.SigningKey;
import org.jledger.crypto.VerifyingKey;
import org.jledger.encoding.CanonicalJson;
import org.jledger.encoding.Hash;
import org.jledger.encoding.Hex;
import org.jledger.encoding.Members;

/**
 * A {@code plug.proof.SingleKeyProof}: one key's authorization of a transform (DESIGN section 4,
 * normative). The signature is Ed25519 over the 32 bytes of the challenge, and the challenge is
 * {@code digest({"address", "network_id", "nonce", "transform"})} with the transform exactly as
 * sent.
 */
public record SingleKeyProof(
    Address address, long nonce, Hash challenge, VerifyingKey verifyingKey, byte[] signature) {

  public static final String FQDN = "plug.proof.SingleKeyProof";
  public static final String KEY_FQDN = "plug.key.ED25519VerifyingKey";

  /** The challenge a proof by {@code address} with {@code nonce} must sign. */
  public static Hash challenge(
      Address address, String networkId, long nonce, JsonObject transform) {
    return CanonicalJson.digest(
        CanonicalJson.PROVIDER
            .createObjectBuilder()
            .add("address", address.value())
            .add("network_id", networkId)
            .add("nonce", nonce)
            .add("transform", transform)
            .build());
  }

  /** Signs {@code transform} for {@code networkId} with {@code key} at {@code nonce}. */
  public static SingleKeyProof sign(
      SigningKey key, String networkId, long nonce, JsonObject transform) {
    Hash challenge = challenge(key.address(), networkId, nonce, transform);
    return new SingleKeyProof(
        key.address(), nonce, challenge, key.verifyingKey(), key.sign(challenge));
  }

  /** Parses a proof object; {@code where} names it in errors. */
  static SingleKeyProof fromJson(JsonValue value, String where) {
    JsonObject o = Members.object(value, where);
    String fqdn = Members.string(o, "fqdn", where);
    if (!FQDN.equals(fqdn)) {
      throw new InvalidTransactionException(
          "unknown_proof", where + ".fqdn must be \"" + FQDN + "\", got \"" + fqdn + "\"");
    }
    Address address = Address.parse(Members.string(o, "address", where));
    long nonce = Members.integer(o, "nonce", where);
    if (nonce < 0) {
      throw new InvalidTransactionException("invalid_nonce", where + ".nonce must be >= 0");
    }
    Hash challenge = Members.hash(o, "challenge", where);
    JsonObject vk = Members.object(o, "verifying_key", where);
    String keyFqdn = Members.string(vk, "fqdn", where + ".verifying_key");
    if (!KEY_FQDN.equals(keyFqdn)) {
      throw new InvalidTransactionException(
          "unknown_key_type",
          where + ".verifying_key.fqdn must be \"" + KEY_FQDN + "\", got \"" + keyFqdn + "\"");
    }
    VerifyingKey key =
        VerifyingKey.fromHex(Members.string(vk, "verifying_key", where + ".verifying_key"));
    byte[] signature =
        Hex.decode(
            Members.string(o, "signature", where),
            VerifyingKey.SIGNATURE_LENGTH,
            where + ".signature");
    return new SingleKeyProof(address, nonce, challenge, key, signature);
  }

  public JsonObject toJson() {
    return CanonicalJson.PROVIDER
        .createObjectBuilder()
        .add("fqdn", FQDN)
        .add("address", address.value())
        .add("nonce", nonce)
        .add("challenge", challenge.hex())
        .add(
            "verifying_key",
            CanonicalJson.PROVIDER
                .createObjectBuilder()
                .add("fqdn", KEY_FQDN)
                .add("verifying_key", verifyingKey.hex()))
        .add("signature", Hex.encode(signature))
        .build();
  }

  /**
   * Checks everything about this proof that does not depend on state: the key's address, the
   * challenge and the signature.
   *
   * @throws InvalidTransactionException naming the first failed check
   */
  public void verify(String networkId, JsonObject transform) {
    if (!verifyingKey.address().equals(address)) {
      throw new InvalidTransactionException(
          "key_address_mismatch",
          "proof for " + address + " carries the key of " + verifyingKey.address());
    }
    Hash expected = challenge(address, networkId, nonce, transform);
    if (!expected.equals(challenge)) {
      throw new InvalidTransactionException(
          "invalid_challenge",
          "proof for "
              + address
              + ": the challenge does not match this transform, network and nonce"
              + " (wrong network_id or altered transform?)");
    }
    if (!verifyingKey.verify(challenge, signature)) {
      throw new InvalidTransactionException(
          "invalid_signature", "proof for " + address + ": the signature does not verify");
    }
  }
}
