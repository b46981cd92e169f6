package org.jledger.pki;

/**
 * The outcome of checking a validator's certificate chain: valid, or refused with a reason and a
 * detail naming the certificate and what is wrong.
 */
public record CertificateCheck(Verdict verdict, String detail) {

  /** Why a certificate is accepted or refused. */
  public enum Verdict {
    VALID("valid"),
    MISSING("no certificate"),
    /** A relayed message of a signer whose own messages (with its certificate) did not come yet. */
    NOT_YET_SEEN("certificate not seen yet"),
    MALFORMED("malformed certificate"),
    KEY_MISMATCH("certificate is for another key"),
    UNTRUSTED_ISSUER("untrusted issuer"),
    EXPIRED("certificate expired"),
    NOT_YET_VALID("certificate not yet valid"),
    REVOKED("certificate revoked");

    private final String text;

    Verdict(String text) {
      this.text = text;
    }

    /** A short phrase for logs, e.g. {@code certificate revoked}. */
    public String text() {
      return text;
    }
  }

  public static CertificateCheck valid(String detail) {
    return new CertificateCheck(Verdict.VALID, detail);
  }

  public static CertificateCheck refused(Verdict verdict, String detail) {
    return new CertificateCheck(verdict, detail);
  }

  public boolean isValid() {
    return verdict == Verdict.VALID;
  }

  @Override
  public String toString() {
    return verdict.text() + ": " + detail;
  }
}
