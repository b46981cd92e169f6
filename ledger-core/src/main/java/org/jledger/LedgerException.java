package org.jledger;

/**
 * Base of every exception the core throws for input it must refuse. The core knows nothing of HTTP:
 * adapters map {@link #category()} to a status and {@link #code()} to a stable problem code.
 */
public abstract class LedgerException extends RuntimeException {

  /** What kind of refusal this is; adapters map it to a protocol status. */
  public enum Category {
    /** Malformed or invalid input (HTTP 400). */
    INVALID,
    /** The caller is not permitted (HTTP 403). */
    FORBIDDEN,
    /** The thing asked for does not exist (HTTP 404). */
    NOT_FOUND,
    /** The request conflicts with the current state (HTTP 409). */
    CONFLICT,
    /** The node cannot answer yet (HTTP 503). */
    UNAVAILABLE
  }

  private final String code;

  protected LedgerException(String code, String message) {
    super(message);
    this.code = code;
  }

  protected LedgerException(String code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  /** A stable, machine-readable code such as {@code invalid_signature}. */
  public String code() {
    return code;
  }

  public abstract Category category();
}
