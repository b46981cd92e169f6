package org.jledger.dapp;

import org.jledger.InvalidInputException;

/**
 * A transaction's {@code transform} object that cannot be bound to its transform: a missing field,
 * a field of the wrong JSON type, or a field the transform does not have. Code {@code
 * invalid_transform}.
 */
public final class InvalidTransformException extends InvalidInputException {

  public InvalidTransformException(String message) {
    super("invalid_transform", message);
  }

  public InvalidTransformException(String message, Throwable cause) {
    super("invalid_transform", message, cause);
  }
}
