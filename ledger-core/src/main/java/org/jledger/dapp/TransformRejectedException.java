package org.jledger.dapp;

import org.jledger.InvalidInputException;

/**
 * A transform refused by its own rules: thrown by {@link Transform#verify} and {@link
 * Transform#apply} (and by the state slice they work on) with a stable code such as {@code
 * insufficient_funds}, {@code invalid_amount}, {@code invalid_address}, {@code undeclared_access},
 * {@code schema_violation} or {@code not_permitted}, and a reason a person can read. The pipeline
 * reports the reason with the transaction.
 */
public class TransformRejectedException extends InvalidInputException {

  public TransformRejectedException(String code, String reason) {
    super(code, reason);
  }

  public TransformRejectedException(String code, String reason, Throwable cause) {
    super(code, reason, cause);
  }
}
