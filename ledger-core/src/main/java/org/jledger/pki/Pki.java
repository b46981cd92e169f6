package org.jledger.pki;

import java.security.Provider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The one BouncyCastle provider instance the package passes explicitly to every JCA call, so
 * nothing depends on (or changes) the JVM's global provider list inside an application server.
 */
final class Pki {

  static final Provider PROVIDER = new BouncyCastleProvider();

  /** The SAN URI prefix naming a validator's JLedger address in its certificate. */
  static final String ADDRESS_URI = CertificateAuthority.ADDRESS_URI_PREFIX;

  private Pki() {}
}
