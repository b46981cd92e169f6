package org.jledger.it;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates made by a test, never committed: a CA, certificates it issues, self-signed
 * forgeries, and the key stores and TLS contexts that use them.
 */
final class TestPki {

  static final char[] PASSWORD = "test-store-password".toCharArray();

  private static final SecureRandom RANDOM = new SecureRandom();

  /** A private key with its certificate. */
  record Identity(PrivateKey key, X509Certificate certificate, X509Certificate issuer) {}

  private final KeyPair caKeys;
  private final X509Certificate ca;

  TestPki(String name) throws GeneralSecurityException {
    caKeys = ec();
    ca = sign(new X500Name("CN=" + name), caKeys, new X500Name("CN=" + name), caKeys, true, null);
  }

  X509Certificate ca() {
    return ca;
  }

  /** A TLS server certificate for 127.0.0.1 and localhost. */
  Identity server() throws GeneralSecurityException {
    KeyPair keys = ec();
    GeneralNames names =
        new GeneralNames(
            new GeneralName[] {
              new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
              new GeneralName(GeneralName.dNSName, "localhost")
            });
    return new Identity(keys.getPrivate(), issue("CN=localhost", keys, names), ca);
  }

  /** A client certificate for {@code keys}, with an optional subject alternative name URI. */
  Identity client(String subject, KeyPair keys, String sanUri) throws GeneralSecurityException {
    GeneralNames names =
        sanUri == null
            ? null
            : new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, sanUri));
    return new Identity(keys.getPrivate(), issue(subject, keys, names), ca);
  }

  /** A certificate that claims {@code subject} but is signed by its own key: a forgery. */
  static Identity selfSigned(String subject, KeyPair keys) throws GeneralSecurityException {
    X509Certificate self =
        sign(new X500Name(subject), keys, new X500Name(subject), keys, false, null);
    return new Identity(keys.getPrivate(), self, self);
  }

  static KeyPair ec() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
    return generator.generateKeyPair();
  }

  static KeyPair ed25519() throws GeneralSecurityException {
    return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
  }

  private X509Certificate issue(String subject, KeyPair keys, GeneralNames names)
      throws GeneralSecurityException {
    return sign(
        new X500Name(subject),
        keys,
        new X500Name(ca.getSubjectX500Principal().getName()),
        caKeys,
        false,
        names);
  }

  private static X509Certificate sign(
      X500Name subject,
      KeyPair subjectKeys,
      X500Name issuer,
      KeyPair issuerKeys,
      boolean isCa,
      GeneralNames names)
      throws GeneralSecurityException {
    Instant now = Instant.now();
    try {
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              issuer,
              new BigInteger(64, RANDOM),
              Date.from(now.minus(Duration.ofHours(1))),
              Date.from(now.plus(Duration.ofDays(2))),
              subject,
              subjectKeys.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
      if (names != null) {
        builder.addExtension(Extension.subjectAlternativeName, false, names);
      }
      String algorithm =
          issuerKeys.getPrivate().getAlgorithm().startsWith("Ed") ? "Ed25519" : "SHA256withECDSA";
      return new JcaX509CertificateConverter()
          .getCertificate(
              builder.build(new JcaContentSignerBuilder(algorithm).build(issuerKeys.getPrivate())));
    } catch (org.bouncycastle.operator.OperatorCreationException
        | org.bouncycastle.cert.CertIOException e) {
      throw new GeneralSecurityException(e);
    }
  }

  /** Writes a PKCS#12 key store holding {@code identity} under {@code alias}. */
  static Path keyStore(Path file, String alias, Identity identity)
      throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry(
        alias,
        identity.key(),
        PASSWORD,
        new X509Certificate[] {identity.certificate(), identity.issuer()});
    return save(store, file);
  }

  /** Writes a PKCS#12 trust store holding {@code certificate}. */
  static Path trustStore(Path file, X509Certificate certificate)
      throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setCertificateEntry("ca", certificate);
    return save(store, file);
  }

  private static Path save(KeyStore store, Path file) throws IOException, GeneralSecurityException {
    Files.createDirectories(file.getParent());
    try (OutputStream out = Files.newOutputStream(file)) {
      store.store(out, PASSWORD);
    }
    return file;
  }

  /** PEM text of a certificate or key. */
  static String pem(Object object) throws IOException {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      writer.writeObject(object);
    }
    return text.toString();
  }

  /**
   * A TLS context that trusts {@code ca} and, when {@code client} is given, presents it whatever
   * the server asks for (so a forged certificate really is sent, not left out by the client).
   */
  static SSLContext context(X509Certificate ca, Identity client) throws GeneralSecurityException {
    KeyStore trusted = KeyStore.getInstance("PKCS12");
    try {
      trusted.load(null, null);
    } catch (IOException e) {
      throw new GeneralSecurityException(e);
    }
    trusted.setCertificateEntry("ca", ca);
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(trusted);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(
        client == null ? null : new X509ExtendedKeyManager[] {new Presenting(client)},
        trust.getTrustManagers(),
        RANDOM);
    return context;
  }

  /** Always presents one certificate. */
  private static final class Presenting extends X509ExtendedKeyManager {
    private static final String ALIAS = "client";
    private final Identity identity;

    Presenting(Identity identity) {
      this.identity = identity;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      return new String[] {ALIAS};
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
      return java.util.Arrays.asList(keyType).contains(identity.key().getAlgorithm())
          ? ALIAS
          : null;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine e) {
      return chooseClientAlias(keyType, issuers, null);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
      return new String[0];
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      return null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return identity.issuer() == identity.certificate()
          ? new X509Certificate[] {identity.certificate()}
          : new X509Certificate[] {identity.certificate(), identity.issuer()};
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      return identity.key();
    }
  }
}
