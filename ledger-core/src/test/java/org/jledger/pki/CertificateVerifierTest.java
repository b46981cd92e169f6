package org.jledger.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.jledger.crypto.SigningKey;
import org.jledger.pki.CertificateCheck.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateVerifierTest {

  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private final SecureRandom random = new SecureRandom(new byte[] {7});
  private final CertificateAuthority ca = ca("Consortium CA");
  private final SigningKey validator = SigningKey.generate(random);

  @TempDir Path dir;

  private CertificateAuthority ca(String name) {
    return CertificateAuthority.create(
        name, NOW.minus(Duration.ofDays(10)), NOW.plus(Duration.ofDays(3650)), random);
  }

  private X509Certificate issue(CertificateAuthority by, SigningKey key) {
    return by.issueValidator(
        "node_0",
        key.verifyingKey(),
        NOW.minus(Duration.ofDays(1)),
        NOW.plus(Duration.ofDays(365)));
  }

  private CertificateVerifier verifier(List<Path> crls) {
    return new CertificateVerifier(List.of(ca.certificate()), crls, CLOCK, Duration.ofMinutes(1));
  }

  @Test
  void certificateFromTheTrustedCaIsValid() {
    CertificateCheck check =
        verifier(List.of()).check(Pem.write(issue(ca, validator)), validator.verifyingKey());
    assertThat(check.isValid()).as(check.toString()).isTrue();
  }

  @Test
  void issuedCertificateNamesTheNodeAndItsAddress() throws Exception {
    X509Certificate cert = issue(ca, validator);
    assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=node_0");
    assertThat(cert.getBasicConstraints()).isEqualTo(-1);
    assertThat(cert.getKeyUsage()[0]).as("digitalSignature").isTrue();
    assertThat(cert.getSubjectAlternativeNames())
        .containsExactly(List.of(6, "jledger:address:" + validator.address().value()));
  }

  @Test
  void certificateFromAnotherCaIsUntrusted() {
    CertificateCheck check =
        verifier(List.of())
            .check(Pem.write(issue(ca("Rogue CA"), validator)), validator.verifyingKey());
    assertThat(check.verdict()).as(check.toString()).isEqualTo(Verdict.UNTRUSTED_ISSUER);
  }

  @Test
  void expiredCertificateIsRefused() {
    X509Certificate old =
        ca.issueValidator(
            "node_0",
            validator.verifyingKey(),
            NOW.minus(Duration.ofDays(9)),
            NOW.minus(Duration.ofDays(1)));
    CertificateCheck check = verifier(List.of()).check(Pem.write(old), validator.verifyingKey());
    assertThat(check.verdict()).as(check.toString()).isEqualTo(Verdict.EXPIRED);
  }

  @Test
  void certificateNotYetValidIsRefused() {
    X509Certificate future =
        ca.issueValidator(
            "node_0",
            validator.verifyingKey(),
            NOW.plus(Duration.ofDays(1)),
            NOW.plus(Duration.ofDays(9)));
    CertificateCheck check = verifier(List.of()).check(Pem.write(future), validator.verifyingKey());
    assertThat(check.verdict()).as(check.toString()).isEqualTo(Verdict.NOT_YET_VALID);
  }

  @Test
  void revokedCertificateIsRefusedAndOthersOfTheCaStayValid() throws Exception {
    X509Certificate revoked = issue(ca, validator);
    SigningKey other = SigningKey.generate(random);
    X509Certificate kept = issue(ca, other);
    Path crl = dir.resolve("ca.crl");
    Files.writeString(
        crl,
        Pem.write(
            ca.crl(
                List.of(revoked.getSerialNumber()),
                NOW.minus(Duration.ofHours(1)),
                NOW.plus(Duration.ofDays(7)))));
    CertificateVerifier verifier = verifier(List.of(crl));

    CertificateCheck check = verifier.check(Pem.write(revoked), validator.verifyingKey());
    assertThat(check.verdict()).as(check.toString()).isEqualTo(Verdict.REVOKED);
    CertificateCheck ok = verifier.check(Pem.write(kept), other.verifyingKey());
    assertThat(ok.isValid()).as(ok.toString()).isTrue();
  }

  @Test
  void aNewCrlFileIsReadWithoutRestarting() throws Exception {
    X509Certificate cert = issue(ca, validator);
    Path crl = dir.resolve("ca.crl");
    Instant from = NOW.minus(Duration.ofHours(1));
    Files.writeString(crl, Pem.write(ca.crl(List.of(), from, NOW.plus(Duration.ofDays(7)))));
    CertificateVerifier verifier = verifier(List.of(crl));
    assertThat(verifier.check(Pem.write(cert), validator.verifyingKey()).isValid()).isTrue();

    Files.writeString(
        crl,
        Pem.write(ca.crl(List.of(cert.getSerialNumber()), from, NOW.plus(Duration.ofDays(7)))));
    Files.setLastModifiedTime(crl, FileTime.from(Instant.now().plusSeconds(5)));

    assertThat(verifier.check(Pem.write(cert), validator.verifyingKey()).verdict())
        .isEqualTo(Verdict.REVOKED);
  }

  @Test
  void certificateForAnotherKeyIsAKeyMismatch() {
    SigningKey other = SigningKey.generate(random);
    CertificateCheck check =
        verifier(List.of()).check(Pem.write(issue(ca, other)), validator.verifyingKey());
    assertThat(check.verdict()).isEqualTo(Verdict.KEY_MISMATCH);
    assertThat(check.detail()).contains(validator.verifyingKey().hex());
  }

  @Test
  void garbageIsMalformedAndNothingIsMissing() {
    CertificateVerifier verifier = verifier(List.of());
    assertThat(verifier.check("not a certificate", validator.verifyingKey()).verdict())
        .isEqualTo(Verdict.MALFORMED);
    assertThat(
            verifier
                .check(
                    "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
                    validator.verifyingKey())
                .verdict())
        .isEqualTo(Verdict.MALFORMED);
    assertThat(verifier.check("", validator.verifyingKey()).verdict()).isEqualTo(Verdict.MISSING);
  }

  @Test
  void caCertificateDoesNotCertifyAValidator() {
    CertificateCheck check =
        verifier(List.of()).check(Pem.write(ca.certificate()), validator.verifyingKey());
    assertThat(check.isValid()).isFalse();
  }

  @Test
  void chainThroughAnIntermediateCaIsValid() {
    CertificateAuthority intermediate =
        ca.issueIntermediate(
            "Operations CA", NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(900)));
    X509Certificate leaf = issue(intermediate, validator);
    CertificateVerifier verifier = verifier(List.of());
    CertificateCheck check =
        verifier.check(Pem.write(leaf, intermediate.certificate()), validator.verifyingKey());
    assertThat(check.isValid()).as(check.toString()).isTrue();
    assertThat(verifier.check(Pem.write(leaf), validator.verifyingKey()).verdict())
        .as("without the intermediate the chain does not reach the anchor")
        .isEqualTo(Verdict.UNTRUSTED_ISSUER);
  }

  @Test
  void caKeysOfEveryKindIssue() {
    for (String algorithm : List.of("EC", "RSA", "Ed25519")) {
      CertificateAuthority root =
          CertificateAuthority.create(
              algorithm + " CA",
              CertificateAuthority.newKeyPair(algorithm, random),
              NOW.minus(Duration.ofDays(1)),
              NOW.plus(Duration.ofDays(1)),
              random);
      CertificateVerifier verifier =
          new CertificateVerifier(List.of(root.certificate()), List.of(), CLOCK, Duration.ZERO);
      CertificateCheck check =
          verifier.check(Pem.write(issue(root, validator)), validator.verifyingKey());
      assertThat(check.isValid()).as(algorithm + ": " + check).isTrue();
    }
  }

  @Test
  void caIsLoadedFromPemFilesAndItsKeyMustMatch() throws Exception {
    Path cert = dir.resolve("ca.pem");
    Path key = dir.resolve("ca-key.pem");
    Files.writeString(cert, Pem.write(ca.certificate()));
    Files.writeString(key, Pem.write(ca.privateKey()));
    CertificateAuthority loaded = CertificateAuthority.load(cert, key, random);
    assertThat(
            verifier(List.of())
                .check(Pem.write(issue(loaded, validator)), validator.verifyingKey())
                .isValid())
        .isTrue();

    Files.writeString(key, Pem.write(ca("Other").privateKey()));
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> CertificateAuthority.load(cert, key, random))
        .hasMessageContaining("is not the private key of");
  }

  @Test
  void serialNumbersArePositiveAndDistinct() {
    BigInteger a = issue(ca, validator).getSerialNumber();
    BigInteger b = issue(ca, validator).getSerialNumber();
    assertThat(a.signum()).isPositive();
    assertThat(a).isNotEqualTo(b);
  }
}
