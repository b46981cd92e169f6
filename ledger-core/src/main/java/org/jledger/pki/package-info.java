/**
 * Certificates for validators (issue 5, part 1): the consortium's CA certifies each validator's
 * Ed25519 key with an X.509 v3 certificate, and a node with a {@code pki} section in its network
 * config counts consensus messages only from validators whose certificate chains to a configured
 * trust anchor and is neither expired, not yet valid nor revoked by a configured CRL.
 *
 * <p>What must hold: chains are validated by the JCA PKIX {@code CertPathValidator} of BouncyCastle
 * at an instant read from a {@link java.time.Clock}, never by hand; the certificate's public key is
 * exactly the signer's Ed25519 key; every refusal carries a {@link
 * org.jledger.pki.CertificateCheck.Verdict}. Nothing here touches the wire formats of DESIGN.md:
 * certificates travel beside a message (a JMS property), never inside its signed body.
 */
package org.jledger.pki;
