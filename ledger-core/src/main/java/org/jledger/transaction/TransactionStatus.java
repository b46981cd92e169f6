package org.jledger.transaction;

import java.util.Locale;

/**
 * Where a transaction is (DESIGN section 4): {@code pending} in the pool, {@code proposed} in a
 * block being voted on, {@code confirmed} in a committed block, {@code rejected} with a reason.
 * BigchainDB's backlog, undecided, valid and invalid map onto these.
 */
public enum TransactionStatus {
  PENDING,
  PROPOSED,
  CONFIRMED,
  REJECTED;

  /** The wire name, e.g. {@code confirmed}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean isFinal() {
    return this == CONFIRMED || this == REJECTED;
  }
}
