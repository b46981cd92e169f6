package org.jledger.node.boundary;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;

/**
 * Runs work in a transaction of its own, committed when {@link #run} returns (the caller's is
 * suspended meanwhile). The consensus singleton writes a decided block and each safety record (what
 * its validator signed, its lock) this way: the node moves to the block, and the machine sends the
 * message, only once it is in the database. Written in the transaction of the consensus step, a
 * failure to commit that transaction (or a crash before it) would leave the node a block ahead of
 * its database, or a vote in the network that the restarted validator does not know it signed.
 */
@Stateless
public class OwnTransaction {

  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public void run(Runnable work) {
    work.run();
  }
}
