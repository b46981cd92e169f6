package org.jledger.transaction;

import org.jledger.dapp.Transform;

/**
 * A transaction that passed admission, with its bound transform.
 *
 * @param ready whether every proof's nonce is the current one, so the transaction can go into the
 *     next block; if not, it waits in the pool for the transactions before it
 */
public record Admitted(Transaction transaction, Transform transform, boolean ready) {}
