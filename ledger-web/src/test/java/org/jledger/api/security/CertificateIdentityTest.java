package org.jledger.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.jledger.crypto.SigningKey;
import org.junit.jupiter.api.Test;

class CertificateIdentityTest {

  /** RFC 8032 test 1 secret key; its public key is d75a9801...511a. */
  private static final String SEED =
      "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";

  private static X509Certificate certificate(KeyPair keys, String subject, String sanUri)
      throws Exception {
    X509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            new X500Name(subject),
            BigInteger.ONE,
            Date.from(Instant.now()),
            Date.from(Instant.now().plusSeconds(3600)),
            new X500Name(subject),
            keys.getPublic());
    if (sanUri != null) {
      builder.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, sanUri)));
    }
    String algorithm =
        keys.getPrivate().getAlgorithm().startsWith("Ed") ? "Ed25519" : "SHA256withECDSA";
    return new JcaX509CertificateConverter()
        .getCertificate(
            builder.build(new JcaContentSignerBuilder(algorithm).build(keys.getPrivate())));
  }

  private static KeyPair ed25519FromSeed() throws Exception {
    byte[] pkcs8 = java.util.HexFormat.of().parseHex("302e020100300506032b657004220420" + SEED);
    java.security.KeyFactory factory = java.security.KeyFactory.getInstance("Ed25519");
    var privateKey = factory.generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(pkcs8));
    byte[] spki =
        java.util.HexFormat.of()
            .parseHex(
                "302a300506032b6570032100"
                    + SigningKey.fromSeed(java.util.HexFormat.of().parseHex(SEED))
                        .verifyingKey()
                        .hex());
    var publicKey = factory.generatePublic(new java.security.spec.X509EncodedKeySpec(spki));
    return new KeyPair(publicKey, privateKey);
  }

  @Test
  void anEd25519CertificateIsTheLedgerAddressOfItsKey() throws Exception {
    String expected =
        SigningKey.fromSeed(java.util.HexFormat.of().parseHex(SEED)).address().value();

    assertThat(CertificateIdentity.addressOf(certificate(ed25519FromSeed(), "CN=someone", null)))
        .hasValue(expected);
  }

  @Test
  void anotherKeyTakesTheAddressOfItsSubjectAlternativeNameUri() throws Exception {
    String address = SigningKey.fromSeed(java.util.HexFormat.of().parseHex(SEED)).address().value();
    KeyPair ec = KeyPairGenerator.getInstance("EC").generateKeyPair();

    assertThat(
            CertificateIdentity.addressOf(
                certificate(ec, "CN=bob", CertificateIdentity.ADDRESS_URI_PREFIX + address)))
        .hasValue(address);
  }

  @Test
  void withoutAnAddressTheCommonNameIsTheCaller() throws Exception {
    KeyPair ec = KeyPairGenerator.getInstance("EC").generateKeyPair();

    assertThat(CertificateIdentity.addressOf(certificate(ec, "O=Corp,CN=erin", null)))
        .hasValue("erin");
    assertThat(
            CertificateIdentity.addressOf(
                certificate(ec, "CN=erin", CertificateIdentity.ADDRESS_URI_PREFIX + "not-one")))
        .hasValue("erin");
    assertThat(CertificateIdentity.addressOf(certificate(ec, "O=Corp", null))).isEmpty();
  }
}
