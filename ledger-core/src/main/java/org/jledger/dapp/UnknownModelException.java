package org.jledger.dapp;

import org.jledger.LedgerException;

/** A model name that this node does not run. Code {@code unknown_model}; category not found. */
public final class UnknownModelException extends LedgerException {

  public UnknownModelException(String name) {
    super("unknown_model", "unknown model '" + name + "': this node does not run it");
  }

  @Override
  public Category category() {
    return Category.NOT_FOUND;
  }
}
