/**
 * The core models every node runs whether or not its configuration lists them: {@code
 * plug.model.VotingPowerModel} (who validates, with what weight) and {@code plug.model.NonceModel}
 * (replay protection). Both hold a non-negative integer per address and read as 0 when absent.
 */
package org.jledger.dapp.system;
