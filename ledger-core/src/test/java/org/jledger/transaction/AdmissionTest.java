package org.jledger.transaction;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.jledger.support.TestNetwork;
import org.junit.jupiter.api.Test;

class AdmissionTest {

  private final TestNetwork net = new TestNetwork(4, 100, 1, 67);

  @Test
  void remembersTheChecksOfTheLastTransactionsItWasToldToAndForgetsOlderOnes() {
    Admission admission = new Admission(TestNetwork.NETWORK_ID, 67, net.dapps, 2);
    List<Transaction> txs =
        List.of(net.transfer(0, 1, 1, 0), net.transfer(1, 2, 1, 0), net.transfer(2, 3, 1, 0));

    for (Transaction tx : txs) {
      assertThat(admission.check(tx, net.genesis).isOk()).isTrue();
    }

    assertThat(admission.isVerified(txs.get(0))).as("the least recently checked").isFalse();
    assertThat(admission.isVerified(txs.get(1))).isTrue();
    assertThat(admission.isVerified(txs.get(2))).isTrue();
    // a forgotten check is done again, with the same answer
    assertThat(admission.check(txs.get(0), net.genesis).isOk()).isTrue();
    assertThat(admission.isVerified(txs.get(0))).isTrue();
    assertThat(admission.isVerified(txs.get(1))).isFalse();
  }
}
