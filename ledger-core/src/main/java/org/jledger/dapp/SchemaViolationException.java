package org.jledger.dapp;

/**
 * A value that its model refuses: it breaks the model's schema, or it cannot be canonically
 * encoded. Code {@code schema_violation}.
 */
public final class SchemaViolationException extends TransformRejectedException {

  public SchemaViolationException(String reason) {
    super("schema_violation", reason);
  }

  public SchemaViolationException(String reason, Throwable cause) {
    super("schema_violation", reason, cause);
  }
}
