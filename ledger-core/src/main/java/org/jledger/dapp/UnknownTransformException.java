package org.jledger.dapp;

import org.jledger.InvalidInputException;

/**
 * A transaction names a transform that no installed DApp provides. Code {@code unknown_transform}.
 */
public final class UnknownTransformException extends InvalidInputException {

  public UnknownTransformException(String name) {
    super("unknown_transform", "unknown transform '" + name + "': no installed DApp provides it");
  }
}
