package org.jledger.transaction;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jledger.crypto.Address;
import org.jledger.crypto.SigningKey;
import org.jledger.encoding.CanonicalJson;
import org.jledger.encoding.EncodedObject;
import org.jledger.encoding.Hash;
import org.jledger.encoding.InvalidJsonException;
import org.jledger.encoding.Members;

/**
 * A {@code plug.consensus.Transaction} (DESIGN section 4, normative): a transform object and the
 * proofs of the addresses that authorise it. It is kept exactly as the client sent it; its hash is
 * {@code digest(transaction)} over that whole object.
 */
public final class Transaction {

  public static final String FQDN = "plug.consensus.Transaction";

  private final EncodedObject json;
  private final Hash hash;
  private final JsonObject transform;
  private final String transformName;
  private final Map<Address, SingleKeyProof> proofs;
  private final JsonObject proofsJson;

  private Transaction(
      EncodedObject json,
      JsonObject transform,
      JsonObject proofsJson,
      Map<Address, SingleKeyProof> proofs) {
    this.json = json;
    this.hash = CanonicalJson.digest(json);
    this.transform = transform;
    this.proofsJson = proofsJson;
    this.transformName = Members.string(transform, "fqdn", "transaction.transform");
    this.proofs = Collections.unmodifiableMap(proofs);
  }

  /**
   * Parses a transaction object and checks its shape: {@code fqdn}, a {@code transform} object with
   * a string {@code fqdn}, and a {@code proofs} object of well-formed proofs, each keyed by its own
   * address. Nothing here looks at state or verifies signatures.
   *
   * @throws org.jledger.InvalidInputException naming the first malformed member
   */
  public static Transaction fromJson(JsonValue value) {
    JsonObject o = Members.object(value, "transaction");
    EncodedObject json = encoded(o);
    String fqdn = Members.string(o, "fqdn", "transaction");
    if (!FQDN.equals(fqdn)) {
      throw new InvalidTransactionException(
          "invalid_shape", "transaction.fqdn must be \"" + FQDN + "\", got \"" + fqdn + "\"");
    }
    for (String member : o.keySet()) {
      if (!member.equals("fqdn") && !member.equals("transform") && !member.equals("proofs")) {
        throw new InvalidTransactionException(
            "invalid_shape", "transaction has an unknown member \"" + member + "\"");
      }
    }
    JsonObject transform = Members.object(o, "transform", "transaction");
    Members.string(transform, "fqdn", "transaction.transform");
    JsonObject proofsJson = Members.object(o, "proofs", "transaction");
    if (proofsJson.isEmpty()) {
      throw new InvalidTransactionException(
          "missing_proof", "transaction.proofs is empty; at least one proof is required");
    }
    Map<Address, SingleKeyProof> proofs = new LinkedHashMap<>();
    for (Map.Entry<String, JsonValue> e : proofsJson.entrySet()) {
      String where = "transaction.proofs." + e.getKey();
      Address key = Address.parse(e.getKey());
      SingleKeyProof proof = SingleKeyProof.fromJson(e.getValue(), where);
      if (!proof.address().equals(key)) {
        throw new InvalidTransactionException(
            "key_address_mismatch", where + " is a proof for " + proof.address());
      }
      proofs.put(key, proof);
    }
    return new Transaction(json, transform, proofsJson, proofs);
  }

  /**
   * Encodes the object once; encoding checks every number and string, and a value that cannot be
   * encoded is refused naming where it is.
   */
  private static EncodedObject encoded(JsonObject o) {
    try {
      return EncodedObject.of(o);
    } catch (InvalidJsonException e) {
      CanonicalJson.check(o, "");
      throw e;
    }
  }

  /** Parses transaction JSON text. */
  public static Transaction parse(String text) {
    return fromJson(CanonicalJson.parse(text));
  }

  /**
   * Builds and signs a transaction: one proof per signer, each at the given nonce.
   *
   * @param nonces the nonce for each signer's address (the signer's next expected nonce)
   */
  public static Transaction sign(
      JsonObject transform, String networkId, List<SigningKey> signers, Map<Address, Long> nonces) {
    JsonObjectBuilder proofs = CanonicalJson.PROVIDER.createObjectBuilder();
    for (SigningKey signer : signers) {
      long nonce = nonces.getOrDefault(signer.address(), 0L);
      proofs.add(
          signer.address().value(),
          SingleKeyProof.sign(signer, networkId, nonce, transform).toJson());
    }
    return fromJson(
        CanonicalJson.PROVIDER
            .createObjectBuilder()
            .add("fqdn", FQDN)
            .add("transform", transform)
            .add("proofs", proofs)
            .build());
  }

  /** The transaction exactly as sent, with its canonical text. */
  public EncodedObject toJson() {
    return json;
  }

  /** {@code digest(transaction)}. */
  public Hash hash() {
    return hash;
  }

  /** The transform object exactly as sent (including its {@code fqdn}). */
  public JsonObject transform() {
    return transform;
  }

  /** The transform's name as sent (canonical FQDN or an alias). */
  public String transformName() {
    return transformName;
  }

  /** The proofs by address, in the order sent. */
  public Map<Address, SingleKeyProof> proofs() {
    return proofs;
  }

  /**
   * Whether {@code o}, a checked JSON value (as {@link CanonicalJson#parse} gives), is this
   * transaction: the same members with equal values, which for such values means the same canonical
   * text and so the same hash. Comparing values is much cheaper than encoding and hashing {@code o}
   * again, which is how a node reads a proposed block's transactions it pooled already.
   */
  public boolean hasContent(JsonObject o) {
    return o.size() == 3
        && o.get("fqdn") instanceof JsonString fqdn
        && FQDN.equals(fqdn.getString())
        && transform.equals(o.get("transform"))
        && proofsJson.equals(o.get("proofs"));
  }

  /**
   * The signature of the first proof exactly as written, which tells transactions apart (a key into
   * a pool); null if {@code o} has no such string, which a valid transaction always has.
   */
  public static String firstSignature(JsonObject o) {
    return firstSignatureIn(o.get("proofs"));
  }

  /** {@link #firstSignature(JsonObject)} of this transaction. */
  public String firstSignature() {
    return firstSignatureIn(proofsJson);
  }

  private static String firstSignatureIn(JsonValue proofs) {
    if (proofs instanceof JsonObject p
        && !p.isEmpty()
        && p.values().iterator().next() instanceof JsonObject proof
        && proof.get("signature") instanceof JsonString signature) {
      return signature.getString();
    }
    return null;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Transaction t && hash.equals(t.hash);
  }

  @Override
  public int hashCode() {
    return hash.hashCode();
  }

  @Override
  public String toString() {
    return "Transaction[" + hash.hex() + ", " + transformName + "]";
  }
}
