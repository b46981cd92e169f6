package org.jledger.chain;

import org.jledger.config.NetworkConfig;

/**
 * The network parameters a chain is built and checked with.
 *
 * @param quorum percentage of voting power a certificate needs (more than 50)
 * @param maxBlockSize most transactions in one block
 * @param pendingTtl blocks a transaction may stay pending before it is rejected
 */
public record ChainParameters(String networkId, int quorum, int maxBlockSize, int pendingTtl) {

  public static ChainParameters of(NetworkConfig config) {
    return new ChainParameters(
        config.networkId(), config.quorum(), config.maxBlockSize(), config.pendingTtl());
  }
}
