package org.jledger.encoding;

import org.jledger.InvalidInputException;

/** JSON that cannot be parsed, or that holds a value the canonical encoding does not allow. */
public final class InvalidJsonException extends InvalidInputException {

  public InvalidJsonException(String message) {
    super("invalid_json", message);
  }

  public InvalidJsonException(String message, Throwable cause) {
    super("invalid_json", message, cause);
  }
}
