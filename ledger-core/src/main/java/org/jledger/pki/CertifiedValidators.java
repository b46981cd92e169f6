package org.jledger.pki;

import jakarta.json.JsonObject;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jledger.LedgerException;
import org.jledger.chain.Block;
import org.jledger.consensus.Signed;
import org.jledger.consensus.VotePayload;
import org.jledger.crypto.Address;
import org.jledger.crypto.VerifyingKey;
import org.jledger.pki.CertificateCheck.Verdict;

/**
 * What a node knows of its peers' certificates, and the gate in front of its consensus machine: a
 * proposal, vote or commit counts only if its signer holds a valid certificate.
 *
 * <p>Every node attaches its own certificate chain to each message it publishes. Votes are also
 * relayed by other nodes, so a message's signer is not always the node whose certificate came with
 * it: the gate therefore learns each chain it is given (for the key the chain certifies, if the
 * chain is valid) and judges a signer by the chain that came with the message when it is the
 * signer's, otherwise by the last chain it learned for the signer. A known chain is checked again
 * when the verifier's cache expires, so expiry and a new CRL take effect on a running node. Not
 * thread-safe: the node calls it under its consensus lock.
 */
public final class CertifiedValidators {

  private final CertificateVerifier verifier;
  private final VerifyingKey self;
  private final Map<Address, List<X509Certificate>> known = new HashMap<>();
  private final Map<Address, CertificateCheck> refused = new HashMap<>();
  // every node sends the same PEM text with each message: parse it once
  private final Map<String, List<X509Certificate>> parsed = new HashMap<>();

  /**
   * @param self this node's validator key, whose own signatures it always recognises, or null
   */
  public CertifiedValidators(CertificateVerifier verifier, VerifyingKey self) {
    this.verifier = verifier;
    this.self = self;
  }

  /**
   * Whether a consensus message's signer is certified.
   *
   * @param message the signed message as received (its signature is checked later, by the machine)
   * @param attachedChain the PEM chain that came with it, or null
   */
  public CertificateCheck admit(JsonObject message, String attachedChain) {
    VerifyingKey signer;
    try {
      signer = VerifyingKey.fromHex(message.getString("verifying_key"));
    } catch (RuntimeException e) {
      return CertificateCheck.refused(Verdict.MALFORMED, "the message names no verifying key");
    }
    if (signer.equals(self)) {
      // this node's own message, relayed back to it
      return CertificateCheck.valid("this node's own signature");
    }
    List<X509Certificate> chain = null;
    if (attachedChain != null && !attachedChain.isBlank()) {
      try {
        chain = parse(attachedChain);
      } catch (LedgerException e) {
        return CertificateCheck.refused(Verdict.MALFORMED, e.getMessage());
      }
      VerifyingKey certified = certifiedKey(chain);
      if (signer.equals(certified)) {
        CertificateCheck check = verifier.check(chain, signer);
        if (!check.isValid() && !isSignedBy(message, signer)) {
          // a forgery must not make this node forget the signer's good certificate
          return CertificateCheck.refused(
              Verdict.MALFORMED, "the message is not signed by the key it names");
        }
        return remember(signer, check, chain);
      }
      if (certified != null) {
        // relayed: learn the relaying node's chain if it is valid (certificates are public, so a
        // valid one is worth knowing whoever sent it; an invalid one says nothing of its subject)
        CertificateCheck relayer = verifier.check(chain, certified);
        if (relayer.isValid()) {
          remember(certified, relayer, chain);
        }
      }
    }
    return judgeKnown(signer, chain != null);
  }

  /** Whether the validator with this key holds a valid certificate this node has learned. */
  public CertificateCheck admit(VerifyingKey signer) {
    return judgeKnown(signer, false);
  }

  /**
   * The block without the commits of signers this node refused: a certificate from a peer must not
   * smuggle in the signature of a validator whose certificate is untrusted, expired or revoked (the
   * machine then checks that the rest is a quorum). Commits of this node's own key, and of signers
   * it has not heard from yet (a node catching up after a restart), are kept.
   */
  public Block certifiedCommits(Block block) {
    List<Signed<VotePayload>> kept = new ArrayList<>();
    for (Signed<VotePayload> commit : block.commits()) {
      Verdict verdict =
          commit.verifyingKey().equals(self)
              ? Verdict.VALID
              : admit(commit.verifyingKey()).verdict();
      if (verdict == Verdict.VALID || verdict == Verdict.MISSING) {
        kept.add(commit);
      }
    }
    return kept.size() == block.commits().size() ? block : block.withCommits(kept);
  }

  private CertificateCheck judgeKnown(VerifyingKey signer, boolean otherAttached) {
    Address address = signer.address();
    List<X509Certificate> chain = known.get(address);
    if (chain != null) {
      return remember(signer, verifier.check(chain, signer), chain);
    }
    CertificateCheck before = refused.get(address);
    if (before != null) {
      return before;
    }
    return otherAttached
        ? CertificateCheck.refused(
            Verdict.NOT_YET_SEEN,
            "relayed, and no certificate of "
                + address
                + " came with its own messages yet (or the certificate that came is not its)")
        : CertificateCheck.refused(Verdict.MISSING, "no certificate of " + address + " is known");
  }

  private CertificateCheck remember(
      VerifyingKey key, CertificateCheck check, List<X509Certificate> chain) {
    Address address = key.address();
    if (check.isValid()) {
      known.put(address, chain);
      refused.remove(address);
    } else {
      known.remove(address);
      refused.put(address, check);
    }
    return check;
  }

  private static boolean isSignedBy(JsonObject message, VerifyingKey signer) {
    try {
      Signed<?> signed =
          "plug.consensus.Proposal".equals(message.getString("fqdn", ""))
              ? Signed.proposalFromJson(message)
              : Signed.voteFromJson(message);
      return signed.verifyingKey().equals(signer) && signed.hasValidSignature();
    } catch (RuntimeException e) {
      return false;
    }
  }

  private List<X509Certificate> parse(String pem) {
    List<X509Certificate> chain = parsed.get(pem);
    if (chain == null) {
      chain = Pem.certificates(pem, "the attached certificate");
      if (parsed.size() >= 256) {
        parsed.clear();
      }
      parsed.put(pem, chain);
    }
    return chain;
  }

  private static VerifyingKey certifiedKey(List<X509Certificate> chain) {
    try {
      var spki =
          org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(
              chain.get(0).getPublicKey().getEncoded());
      if (!org.bouncycastle.asn1.edec.EdECObjectIdentifiers.id_Ed25519.equals(
          spki.getAlgorithm().getAlgorithm())) {
        return null;
      }
      return VerifyingKey.of(spki.getPublicKeyData().getOctets());
    } catch (RuntimeException e) {
      return null;
    }
  }
}
