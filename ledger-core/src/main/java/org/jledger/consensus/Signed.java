package org.jledger.consensus;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.Optional;
import java.util.function.Function;
import org.jledger.InvalidInputException;
import org.jledger.chain.Block;
import org.jledger.crypto.Address;
import org.jledger.crypto.SigningKey;
import org.jledger.crypto.VerifyingKey;
import org.jledger.encoding.CanonicalJson;
import org.jledger.encoding.Hash;
import org.jledger.encoding.Hex;
import org.jledger.encoding.Members;
import org.jledger.transaction.Transaction;

/**
 * A consensus message signed by a validator (DESIGN section 7, normative): the payload's members
 * plus {@code address} and {@code verifying_key}; {@code signature} is Ed25519 over the 32 bytes of
 * {@code digest} of that object without {@code signature}.
 */
public record Signed<P extends Payload>(
    P payload, Address address, VerifyingKey verifyingKey, byte[] signature) {

  public static <P extends Payload> Signed<P> sign(P payload, SigningKey key) {
    Hash digest = signingDigest(payload, key.address(), key.verifyingKey());
    return new Signed<>(payload, key.address(), key.verifyingKey(), key.sign(digest));
  }

  /** The digest a signer signs: of the message object without {@code signature}. */
  public static Hash signingDigest(Payload payload, Address address, VerifyingKey key) {
    return CanonicalJson.digest(unsigned(payload, address, key).build());
  }

  private static JsonObjectBuilder unsigned(Payload payload, Address address, VerifyingKey key) {
    return payload.members().add("address", address.value()).add("verifying_key", key.hex());
  }

  public Hash signingDigest() {
    return signingDigest(payload, address, verifyingKey);
  }

  /** Whether the key belongs to the address and the signature verifies. */
  public boolean hasValidSignature() {
    return verifyingKey.address().equals(address)
        && verifyingKey.verify(signingDigest(), signature);
  }

  public JsonObject toJson() {
    return unsigned(payload, address, verifyingKey).add("signature", Hex.encode(signature)).build();
  }

  /**
   * Reads a signed message; {@code payloadReader} reads the payload members. Does not check the
   * signature: call {@link #hasValidSignature()}.
   */
  public static <P extends Payload> Signed<P> fromJson(
      JsonObject o, Function<JsonObject, P> payloadReader) {
    String where = "message";
    P payload = payloadReader.apply(o);
    Address address = Address.parse(Members.string(o, "address", where));
    VerifyingKey key = VerifyingKey.fromHex(Members.string(o, "verifying_key", where));
    byte[] signature =
        Hex.decode(
            Members.string(o, "signature", where),
            VerifyingKey.SIGNATURE_LENGTH,
            where + ".signature");
    JsonObject expected = unsigned(payload, address, key).add("signature", "").build();
    for (String member : o.keySet()) {
      if (!expected.containsKey(member)) {
        throw new InvalidInputException(
            "invalid_shape", where + " has an unknown member \"" + member + "\"");
      }
    }
    return new Signed<>(payload, address, key, signature);
  }

  /** Reads a signed {@code Proposal}. */
  public static Signed<ProposalPayload> proposalFromJson(JsonObject o) {
    return proposalFromJson(o, Block.NOTHING_KNOWN);
  }

  /**
   * Reads a signed {@code Proposal}, taking the block's transactions that {@code known} holds as
   * they are (see {@link Block#fromJson(JsonValue, Function)}).
   */
  public static Signed<ProposalPayload> proposalFromJson(
      JsonObject o, Function<JsonObject, Optional<Transaction>> known) {
    return fromJson(o, p -> ProposalPayload.fromJson(p, known));
  }

  /** Reads a signed {@code Vote} or {@code Commit}. */
  public static Signed<VotePayload> voteFromJson(JsonObject o) {
    return fromJson(o, VotePayload::fromJson);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Signed<?> s
        && payload.equals(s.payload)
        && address.equals(s.address)
        && verifyingKey.equals(s.verifyingKey)
        && java.util.Arrays.equals(signature, s.signature);
  }

  @Override
  public int hashCode() {
    return payload.hashCode() * 31 + address.hashCode();
  }

  @Override
  public String toString() {
    return "Signed[" + payload + " by " + address + "]";
  }
}
