package org.jledger.node;

import org.jledger.LedgerException;

/** The node cannot answer yet (still loading, or its pool is full); try again later. */
public final class NotReadyException extends LedgerException {

  public NotReadyException(String message) {
    super("not_ready", message);
  }

  @Override
  public Category category() {
    return Category.UNAVAILABLE;
  }
}
