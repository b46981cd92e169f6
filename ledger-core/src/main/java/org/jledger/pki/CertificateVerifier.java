package org.jledger.pki;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CRL;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertStore;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXReason;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.jledger.InvalidInputException;
import org.jledger.LedgerException;
import org.jledger.crypto.VerifyingKey;
import org.jledger.encoding.Hex;
import org.jledger.pki.CertificateCheck.Verdict;

/**
 * Decides whether a certificate chain certifies a validator's Ed25519 key: the end-entity
 * certificate's public key must be exactly that key, and the chain must validate with the JCA PKIX
 * {@link CertPathValidator} (BouncyCastle) against the trust anchors at the clock's instant, with
 * revocation checked against the CRLs when any are configured (then every CA of a chain must
 * publish one). Outcomes are cached for a short time per chain and key; the CRL files are read
 * again when they change on disk, which also forgets the cached outcomes. Thread-safe.
 */
public final class CertificateVerifier {

  private static final Logger LOG = Logger.getLogger(CertificateVerifier.class.getName());
  private static final int CACHE_LIMIT = 4096;

  private final Set<TrustAnchor> anchors;
  private final List<X509Certificate> anchorCertificates;
  private final List<Path> crlFiles;
  private final Clock clock;
  private final Duration cacheFor;
  private final Map<String, Cached> cache = new HashMap<>();
  private List<X509CRL> crls = List.of();
  private Map<Path, String> crlVersions = Map.of();

  private record Cached(CertificateCheck check, Instant until) {}

  /**
   * @param anchors the trusted root (or intermediate) CA certificates
   * @param crlFiles PEM CRL files, read now and again whenever one changes
   * @param cacheFor how long an outcome is reused before the chain is validated again
   * @throws InvalidInputException if there is no anchor or a CRL file cannot be read
   */
  public CertificateVerifier(
      List<X509Certificate> anchors, List<Path> crlFiles, Clock clock, Duration cacheFor) {
    if (anchors.isEmpty()) {
      throw new InvalidInputException("no_trust_anchor", "PKI needs at least one trust anchor");
    }
    this.anchorCertificates = List.copyOf(anchors);
    Set<TrustAnchor> set = new HashSet<>();
    for (X509Certificate a : anchors) {
      set.add(new TrustAnchor(a, null));
    }
    this.anchors = Set.copyOf(set);
    this.crlFiles = List.copyOf(crlFiles);
    this.clock = clock;
    this.cacheFor = cacheFor;
    Map<Path, String> versions = versions();
    this.crls = readCrls();
    this.crlVersions = versions;
  }

  /** A verifier of PEM trust-anchor files and PEM CRL files, caching outcomes for a minute. */
  public static CertificateVerifier fromFiles(
      List<Path> trustAnchorFiles, List<Path> crlFiles, Clock clock) {
    List<X509Certificate> anchors = new ArrayList<>();
    for (Path p : trustAnchorFiles) {
      anchors.addAll(Pem.certificates(Pem.read(p), p.toString()));
    }
    return new CertificateVerifier(anchors, crlFiles, clock, Duration.ofMinutes(1));
  }

  public List<X509Certificate> trustAnchors() {
    return anchorCertificates;
  }

  /** Checks a PEM chain (end entity first) for {@code signer}. */
  public CertificateCheck check(String chainPem, VerifyingKey signer) {
    if (chainPem == null || chainPem.isBlank()) {
      return CertificateCheck.refused(Verdict.MISSING, "no certificate came with the message");
    }
    List<X509Certificate> chain;
    try {
      chain = Pem.certificates(chainPem, "the certificate");
    } catch (LedgerException e) {
      return CertificateCheck.refused(Verdict.MALFORMED, e.getMessage());
    }
    return check(chain, signer);
  }

  /** Checks a chain (end entity first) for {@code signer}. */
  public synchronized CertificateCheck check(List<X509Certificate> chain, VerifyingKey signer) {
    Instant now = clock.instant();
    reloadCrlsIfChanged();
    String key = cacheKey(chain, signer);
    Cached cached = key == null ? null : cache.get(key);
    if (cached != null && now.isBefore(cached.until())) {
      return cached.check();
    }
    CertificateCheck check = validate(chain, signer, now);
    if (key != null) {
      if (cache.size() >= CACHE_LIMIT) {
        cache.clear();
      }
      Instant until = now.plus(cacheFor);
      Instant notAfter = chain.get(0).getNotAfter().toInstant();
      if (check.isValid() && notAfter.isBefore(until)) {
        until = notAfter.plusMillis(1);
      }
      cache.put(key, new Cached(check, until));
    }
    return check;
  }

  /**
   * The raw Ed25519 key (32 bytes) {@code certificate} certifies, or empty for another kind of key.
   * Nothing else (signature, chain, validity) is checked here.
   *
   * @throws IllegalArgumentException if the public key cannot be read
   */
  public static Optional<byte[]> ed25519Key(X509Certificate certificate) {
    SubjectPublicKeyInfo spki =
        SubjectPublicKeyInfo.getInstance(certificate.getPublicKey().getEncoded());
    return EdECObjectIdentifiers.id_Ed25519.equals(spki.getAlgorithm().getAlgorithm())
        ? Optional.of(spki.getPublicKeyData().getOctets())
        : Optional.empty();
  }

  private CertificateCheck validate(List<X509Certificate> chain, VerifyingKey signer, Instant now) {
    X509Certificate leaf = chain.get(0);
    String who =
        leaf.getSubjectX500Principal().getName() + " (serial " + leaf.getSerialNumber() + ")";
    byte[] certified;
    try {
      Optional<byte[]> key = ed25519Key(leaf);
      if (key.isEmpty()) {
        return CertificateCheck.refused(
            Verdict.KEY_MISMATCH, who + " certifies a non-Ed25519 key, not the validator's key");
      }
      certified = key.get();
    } catch (RuntimeException e) {
      return CertificateCheck.refused(Verdict.MALFORMED, who + ": unreadable public key");
    }
    if (!Arrays.equals(certified, signer.toBytes())) {
      return CertificateCheck.refused(
          Verdict.KEY_MISMATCH,
          who
              + " certifies key "
              + Hex.encode(certified)
              + ", not the signer's key "
              + signer.hex());
    }
    if (leaf.getBasicConstraints() >= 0) {
      return CertificateCheck.refused(
          Verdict.MALFORMED, who + " is a CA certificate, not a validator's certificate");
    }
    List<X509Certificate> path = new ArrayList<>();
    for (X509Certificate c : chain) {
      if (!anchorCertificates.contains(c)) {
        path.add(c);
      }
    }
    try {
      CertPath certPath =
          CertificateFactory.getInstance("X.509", Pki.PROVIDER).generateCertPath(path);
      PKIXParameters params = new PKIXParameters(anchors);
      params.setDate(java.util.Date.from(now));
      params.setRevocationEnabled(!crls.isEmpty());
      if (!crls.isEmpty()) {
        List<CRL> all = new ArrayList<>(crls);
        params.addCertStore(
            CertStore.getInstance(
                "Collection", new CollectionCertStoreParameters(all), Pki.PROVIDER));
      }
      CertPathValidator.getInstance("PKIX", Pki.PROVIDER).validate(certPath, params);
      return CertificateCheck.valid(who + " chains to a trust anchor");
    } catch (CertPathValidatorException e) {
      return CertificateCheck.refused(refusal(e), who + ": " + message(e));
    } catch (GeneralSecurityException | RuntimeException e) {
      return CertificateCheck.refused(Verdict.MALFORMED, who + ": " + e.getMessage());
    }
  }

  /** The verdict of a PKIX failure, from its reason when the provider sets one, else its text. */
  private static Verdict refusal(CertPathValidatorException e) {
    if (e.getReason() == CertPathValidatorException.BasicReason.EXPIRED) {
      return Verdict.EXPIRED;
    }
    if (e.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
      return Verdict.NOT_YET_VALID;
    }
    if (e.getReason() == CertPathValidatorException.BasicReason.REVOKED) {
      return Verdict.REVOKED;
    }
    if (e.getReason() == PKIXReason.NO_TRUST_ANCHOR) {
      return Verdict.UNTRUSTED_ISSUER;
    }
    for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
      if (c instanceof java.security.cert.CertificateExpiredException) {
        return Verdict.EXPIRED;
      }
      if (c instanceof java.security.cert.CertificateNotYetValidException) {
        return Verdict.NOT_YET_VALID;
      }
      if (c == c.getCause()) {
        break;
      }
    }
    String text = message(e).toLowerCase(Locale.ROOT);
    if (text.contains("revoked")) {
      return Verdict.REVOKED;
    }
    if (text.contains("expired")) {
      return Verdict.EXPIRED;
    }
    if (text.contains("not yet valid") || text.contains("not valid till")) {
      return Verdict.NOT_YET_VALID;
    }
    return Verdict.UNTRUSTED_ISSUER;
  }

  private static String message(Throwable e) {
    StringBuilder b = new StringBuilder(String.valueOf(e.getMessage()));
    for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
      if (c.getMessage() != null && !b.toString().contains(c.getMessage())) {
        b.append("; ").append(c.getMessage());
      }
    }
    return b.toString();
  }

  private static String cacheKey(List<X509Certificate> chain, VerifyingKey signer) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      for (X509Certificate c : chain) {
        d.update(c.getEncoded());
      }
      d.update(signer.toBytes());
      return Hex.encode(d.digest());
    } catch (GeneralSecurityException e) {
      return null;
    }
  }

  private void reloadCrlsIfChanged() {
    Map<Path, String> now = versions();
    if (now.equals(crlVersions)) {
      return;
    }
    try {
      crls = readCrls();
      cache.clear();
      LOG.info(() -> "Read the CRLs again: " + crlFiles);
    } catch (LedgerException e) {
      LOG.warning(() -> "Keeping the previous CRLs: " + e.getMessage());
    }
    crlVersions = now;
  }

  private List<X509CRL> readCrls() {
    List<X509CRL> out = new ArrayList<>();
    for (Path p : crlFiles) {
      out.addAll(Pem.crls(Pem.read(p), p.toString()));
    }
    return List.copyOf(out);
  }

  /** Each CRL file's modification time and size, to notice a new CRL. */
  private Map<Path, String> versions() {
    Map<Path, String> out = new LinkedHashMap<>();
    for (Path p : crlFiles) {
      try {
        out.put(p, Files.getLastModifiedTime(p) + "/" + Files.size(p));
      } catch (java.io.IOException e) {
        out.put(p, "unreadable");
      }
    }
    return out;
  }
}
