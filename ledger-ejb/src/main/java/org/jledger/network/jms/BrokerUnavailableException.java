package org.jledger.network.jms;

import jakarta.jms.JMSRuntimeException;
import jakarta.jms.JMSSecurityRuntimeException;

/**
 * The node could not open its connection to the broker: the broker refused the login (wrong
 * password, unknown user, a client certificate it does not map to a user) or could not be reached
 * (down, plaintext where it wants TLS, a certificate one side does not trust). The message says
 * which and names the broker without passwords, so it can go to the log and the readiness check as
 * it is.
 */
public final class BrokerUnavailableException extends RuntimeException {

  private final boolean loginRefused;

  private BrokerUnavailableException(String message, boolean loginRefused, Throwable cause) {
    super(message, cause);
    this.loginRefused = loginRefused;
  }

  /**
   * @param loggingIn whether the failure came while logging in, rather than while subscribing
   *     (where a security failure is a missing permission of a user who did log in)
   */
  static BrokerUnavailableException of(
      BrokerConnection broker, JMSRuntimeException e, boolean loggingIn) {
    boolean login = e instanceof JMSSecurityRuntimeException;
    String what =
        !login
            ? "cannot connect to the broker"
            : loggingIn
                ? "the broker refused the login"
                : "the broker refused a permission the node needs";
    String hint =
        login || broker.trustStore() == null
            ? ""
            : " (over TLS: does the broker trust this node's certificate, if it asks for one,"
                + " and does the node's trust store hold the broker's?)";
    return new BrokerUnavailableException(
        what + " (" + broker + "): " + broker.redact(reason(e)) + hint, login, e);
  }

  /**
   * Whether the broker answered and refused the credentials or a permission, rather than not
   * answering.
   */
  public boolean loginRefused() {
    return loginRefused;
  }

  /** The messages down the cause chain, e.g. a TLS handshake failure under a connect failure. */
  private static String reason(Throwable e) {
    StringBuilder out = new StringBuilder();
    for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
      String m = c.getMessage();
      if (m != null && !m.isBlank() && out.indexOf(m) < 0) {
        out.append(out.length() == 0 ? "" : "; ").append(m.strip());
      }
    }
    return out.length() == 0 ? e.getClass().getSimpleName() : out.toString();
  }
}
