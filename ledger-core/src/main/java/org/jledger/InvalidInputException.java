package org.jledger;

/** Input that is malformed or invalid; nothing was changed. */
public class InvalidInputException extends LedgerException {

  public InvalidInputException(String code, String message) {
    super(code, message);
  }

  public InvalidInputException(String code, String message, Throwable cause) {
    super(code, message, cause);
  }

  @Override
  public Category category() {
    return Category.INVALID;
  }
}
