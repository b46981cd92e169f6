package org.jledger.node.boundary;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;

/**
 * Runs work in a transaction of its own, committed when {@link #run} returns (the caller's is
 * suspended meanwhile). The consensus singleton stores a block this way, so that its memory moves
 * to the block only once the block is in the database: were the block stored in the transaction of
 * the consensus step, a failure to commit that transaction would leave the node a block ahead of
 * its database.
 */
@Stateless
public class OwnTransaction {

  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public void run(Runnable work) {
    work.run();
  }
}
