package org.jledger.api.security;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import org.jledger.crypto.Address;

/**
 * The ledger address a verified client certificate stands for. An Ed25519 certificate key is a
 * ledger key, so its address is the caller's; other keys (RSA, EC from a corporate CA) name the
 * address in a subject alternative name URI {@code jledger:address:<address>}; failing both, the
 * subject's common name is the caller's name, as an LDAP login name would be.
 *
 * <p>Only call this with the certificate the container verified in the TLS handshake: nothing here
 * checks a signature or a chain.
 */
public final class CertificateIdentity {

  /** The scheme and prefix of a subject alternative name URI that names a ledger address. */
  public static final String ADDRESS_URI_PREFIX = "jledger:address:";

  /** DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410); the 32 key bytes follow. */
  private static final byte[] ED25519_SPKI_PREFIX =
      HexFormat.of().parseHex("302a300506032b6570032100");

  private static final int SAN_URI = 6;

  private CertificateIdentity() {}

  /** The caller's address, or empty if the certificate names none (no Ed25519 key, SAN or CN). */
  public static Optional<String> addressOf(X509Certificate certificate) {
    byte[] key = certificate.getPublicKey().getEncoded();
    if (key != null
        && key.length == ED25519_SPKI_PREFIX.length + 32
        && Arrays.equals(
            key,
            0,
            ED25519_SPKI_PREFIX.length,
            ED25519_SPKI_PREFIX,
            0,
            ED25519_SPKI_PREFIX.length)) {
      return Optional.of(
          Address.of(Arrays.copyOfRange(key, ED25519_SPKI_PREFIX.length, key.length)).value());
    }
    Optional<String> named = addressUri(certificate);
    if (named.isPresent()) {
      return named;
    }
    return commonName(certificate);
  }

  private static Optional<String> addressUri(X509Certificate certificate) {
    Collection<List<?>> names;
    try {
      names = certificate.getSubjectAlternativeNames();
    } catch (CertificateParsingException e) {
      return Optional.empty();
    }
    if (names == null) {
      return Optional.empty();
    }
    for (List<?> name : names) {
      if (name.size() == 2
          && name.get(0) instanceof Integer type
          && type == SAN_URI
          && name.get(1) instanceof String uri
          && uri.startsWith(ADDRESS_URI_PREFIX)) {
        String address = uri.substring(ADDRESS_URI_PREFIX.length());
        if (Address.isValid(address)) {
          return Optional.of(address);
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<String> commonName(X509Certificate certificate) {
    try {
      LdapName subject = new LdapName(certificate.getSubjectX500Principal().getName());
      for (Rdn rdn : subject.getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN") && !rdn.getValue().toString().isBlank()) {
          return Optional.of(rdn.getValue().toString());
        }
      }
    } catch (InvalidNameException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }
}
