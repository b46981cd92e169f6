package org.jledger.pki;

import java.math.BigInteger;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.jledger.InvalidInputException;
import org.jledger.crypto.VerifyingKey;

/**
 * A certificate authority: its certificate and private key. It certifies validators' Ed25519 keys
 * (X.509 v3 end-entity certificates whose subject CN is the node's name and whose subject
 * alternative name is the URI {@code jledger:address:<address>}), intermediate CAs, and revokes
 * with a CRL. The consortium's existing CA is plugged in with {@link #load}; {@link #create} makes
 * a self-signed one for tests and trials. The CA key may be EC P-256, RSA or Ed25519.
 */
public final class CertificateAuthority {

  /**
   * The scheme and prefix of a subject alternative name URI naming a JLedger address, in validator
   * certificates and client certificates alike.
   */
  public static final String ADDRESS_URI_PREFIX = "jledger:address:";

  private final X509Certificate certificate;
  private final PrivateKey key;
  private final SecureRandom random;

  private CertificateAuthority(X509Certificate certificate, PrivateKey key, SecureRandom random) {
    this.certificate = certificate;
    this.key = key;
    this.random = random;
  }

  /**
   * The CA of a PEM certificate and its PEM private key (PKCS#8, or OpenSSL's EC/RSA format).
   *
   * @throws InvalidInputException if a file is missing or malformed, the certificate is not a CA
   *     certificate, or the key is not the certificate's
   */
  public static CertificateAuthority load(Path certificateFile, Path keyFile, SecureRandom random) {
    X509Certificate cert =
        Pem.certificates(Pem.read(certificateFile), certificateFile.toString()).get(0);
    PrivateKey key = Pem.privateKey(Pem.read(keyFile), keyFile.toString());
    if (cert.getBasicConstraints() < 0) {
      throw new InvalidInputException(
          "not_a_ca", certificateFile + " is not a CA certificate (basicConstraints CA:false)");
    }
    CertificateAuthority ca = new CertificateAuthority(cert, key, random);
    ca.checkKeyMatches(certificateFile, keyFile);
    return ca;
  }

  /** A new self-signed root CA with an EC P-256 key, named {@code CN=<name>}. */
  public static CertificateAuthority create(
      String name, Instant from, Instant to, SecureRandom random) {
    return create(name, newKeyPair("EC", random), from, to, random);
  }

  /** A new self-signed root CA with the given key pair (EC, RSA or Ed25519). */
  public static CertificateAuthority create(
      String name, KeyPair keys, Instant from, Instant to, SecureRandom random) {
    X500Name subject = name(name);
    X509v3CertificateBuilder b =
        new X509v3CertificateBuilder(
            subject,
            serial(random),
            Date.from(from),
            Date.from(to),
            subject,
            SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()));
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      b.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      b.addExtension(
          Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
    } catch (CertIOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot build a CA certificate", e);
    }
    X509Certificate cert = toCertificate(b, signer(keys.getPrivate()));
    return new CertificateAuthority(cert, keys.getPrivate(), random);
  }

  /** A new key pair for a CA: {@code EC} (P-256), {@code RSA} (3072 bits) or {@code Ed25519}. */
  public static KeyPair newKeyPair(String algorithm, SecureRandom random) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm, Pki.PROVIDER);
      switch (algorithm) {
        case "EC" -> g.initialize(new ECGenParameterSpec("P-256"), random);
        case "RSA" -> g.initialize(3072, random);
        case "Ed25519" -> {}
        default -> throw new IllegalArgumentException("unknown CA key algorithm " + algorithm);
      }
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot make a " + algorithm + " key pair", e);
    }
  }

  /**
   * Certifies a validator's Ed25519 key for {@code [from, to]}: basicConstraints CA:false, keyUsage
   * digitalSignature, authority and subject key identifiers, subject {@code CN=<nodeName>} and the
   * SAN URI {@code jledger:address:<address>}.
   */
  public X509Certificate issueValidator(
      String nodeName, VerifyingKey validator, Instant from, Instant to) {
    SubjectPublicKeyInfo spki =
        new SubjectPublicKeyInfo(
            new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519), validator.toBytes());
    X509v3CertificateBuilder b = builder(name(nodeName), spki, from, to);
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(spki));
      b.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(
              new GeneralName(
                  GeneralName.uniformResourceIdentifier,
                  Pki.ADDRESS_URI + validator.address().value())));
    } catch (CertIOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot build a validator certificate", e);
    }
    return toCertificate(b, signer(key));
  }

  /** Certifies an intermediate CA (a new EC P-256 key) for {@code [from, to]}. */
  public CertificateAuthority issueIntermediate(String name, Instant from, Instant to) {
    KeyPair keys = newKeyPair("EC", random);
    SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded());
    X509v3CertificateBuilder b = builder(name(name), spki, from, to);
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
      b.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(spki));
    } catch (CertIOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot build a CA certificate", e);
    }
    return new CertificateAuthority(toCertificate(b, signer(key)), keys.getPrivate(), random);
  }

  /**
   * A CRL of this CA listing {@code revoked} (by serial number), issued at {@code thisUpdate} and
   * due again at {@code nextUpdate}.
   */
  public X509CRL crl(Collection<BigInteger> revoked, Instant thisUpdate, Instant nextUpdate) {
    try {
      X509v2CRLBuilder b =
          new X509v2CRLBuilder(
              new JcaX509CertificateHolder(certificate).getSubject(), Date.from(thisUpdate));
      b.setNextUpdate(Date.from(nextUpdate));
      for (BigInteger serial : revoked) {
        b.addCRLEntry(serial, Date.from(thisUpdate), CRLReason.keyCompromise);
      }
      b.addExtension(
          Extension.authorityKeyIdentifier,
          false,
          new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(certificate));
      return new JcaX509CRLConverter().setProvider(Pki.PROVIDER).getCRL(b.build(signer(key)));
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("cannot build a CRL", e);
    }
  }

  public X509Certificate certificate() {
    return certificate;
  }

  public PrivateKey privateKey() {
    return key;
  }

  private X509v3CertificateBuilder builder(
      X500Name subject, SubjectPublicKeyInfo spki, Instant from, Instant to) {
    if (!to.isAfter(from)) {
      throw new InvalidInputException(
          "invalid_validity", "a certificate's validity must end after it begins");
    }
    try {
      X509v3CertificateBuilder b =
          new X509v3CertificateBuilder(
              new JcaX509CertificateHolder(certificate).getSubject(),
              serial(random),
              Date.from(from),
              Date.from(to),
              subject,
              spki);
      b.addExtension(
          Extension.authorityKeyIdentifier,
          false,
          new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(certificate));
      return b;
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("cannot read the CA certificate", e);
    }
  }

  private void checkKeyMatches(Path certificateFile, Path keyFile) {
    PublicKey expected = certificate.getPublicKey();
    X509Certificate probe;
    try {
      X509v3CertificateBuilder b =
          new X509v3CertificateBuilder(
              name("probe"),
              BigInteger.ONE,
              new Date(0),
              new Date(1000),
              name("probe"),
              SubjectPublicKeyInfo.getInstance(expected.getEncoded()));
      probe = toCertificate(b, signer(key));
      probe.verify(expected, Pki.PROVIDER);
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new InvalidInputException(
          "ca_key_mismatch", keyFile + " is not the private key of " + certificateFile);
    }
  }

  private static X500Name name(String commonName) {
    return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
  }

  private static BigInteger serial(SecureRandom random) {
    return new BigInteger(127, random).add(BigInteger.ONE);
  }

  private static ContentSigner signer(PrivateKey key) {
    String algorithm =
        switch (key.getAlgorithm()) {
          case "EC", "ECDSA" -> "SHA256withECDSA";
          case "RSA" -> "SHA256withRSA";
          case "Ed25519", "EdDSA" -> "Ed25519";
          default ->
              throw new InvalidInputException(
                  "unsupported_ca_key",
                  "a CA key must be EC, RSA or Ed25519, got " + key.getAlgorithm());
        };
    try {
      return new JcaContentSignerBuilder(algorithm).setProvider(Pki.PROVIDER).build(key);
    } catch (OperatorCreationException e) {
      throw new InvalidInputException(
          "unsupported_ca_key", "cannot sign with the CA key: " + e.getMessage());
    }
  }

  private static X509Certificate toCertificate(X509v3CertificateBuilder b, ContentSigner signer) {
    X509CertificateHolder holder = b.build(signer);
    try {
      return new JcaX509CertificateConverter().setProvider(Pki.PROVIDER).getCertificate(holder);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot encode a certificate", e);
    }
  }
}
