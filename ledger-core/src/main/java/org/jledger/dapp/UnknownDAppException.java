package org.jledger.dapp;

import org.jledger.InvalidInputException;

/**
 * A configuration names a model or transform that no installed DApp provides (or names it
 * ambiguously). Code {@code unknown_dapp}.
 */
public final class UnknownDAppException extends InvalidInputException {

  public UnknownDAppException(String message) {
    super("unknown_dapp", message);
  }
}
