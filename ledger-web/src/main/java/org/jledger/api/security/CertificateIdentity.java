package org.jledger.api.security;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import org.jledger.crypto.Address;
import org.jledger.pki.CertificateAuthority;
import org.jledger.pki.CertificateVerifier;

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
  public static final String ADDRESS_URI_PREFIX = CertificateAuthority.ADDRESS_URI_PREFIX;

  private static final int SAN_URI = 6;

  private CertificateIdentity() {}

  /** The caller's address, or empty if the certificate names none (no Ed25519 key, SAN or CN). */
  public static Optional<String> addressOf(X509Certificate certificate) {
    Optional<byte[]> key;
    try {
      key = CertificateVerifier.ed25519Key(certificate);
    } catch (IllegalArgumentException e) {
      key = Optional.empty();
    }
    if (key.isPresent()) {
      return Optional.of(Address.of(key.get()).value());
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
