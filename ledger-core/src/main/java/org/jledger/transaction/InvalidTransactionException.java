package org.jledger.transaction;

import org.jledger.InvalidInputException;

/** A transaction that is malformed or fails a check; {@link #code()} says which. */
public class InvalidTransactionException extends InvalidInputException {

  public InvalidTransactionException(String code, String message) {
    super(code, message);
  }
}
