package org.jledger.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import org.jledger.support.TestNetwork;
import org.junit.jupiter.api.Test;

class ConsensusMachineTest {

  @Test
  void aSingleValidatorCommitsOnItsOwnVotes() {
    TestNetwork net = new TestNetwork(2, 100, 1, 51);
    SimulatedNetwork sim = new SimulatedNetwork(net, 7, SimulatedNetwork.Faults.NONE);
    sim.run(4, 1, 0, 10_000);
    assertThat(sim.violations).isEmpty();
    SimulatedNetwork.Sim only = sim.nodes.get(0);
    assertThat(only.node.height()).isGreaterThanOrEqualTo(1);
    assertThat(only.store.block(0).orElseThrow().commits())
        .singleElement()
        .extracting(Signed::address)
        .isEqualTo(net.validators.get(0).address());
  }

  @Test
  void withNothingPendingNoBlockIsMade() {
    TestNetwork net = new TestNetwork(2, 100, 4, 67);
    SimulatedNetwork sim = new SimulatedNetwork(net, 3, SimulatedNetwork.Faults.NONE);
    sim.run(0, 1, 0, 5_000);
    assertThat(sim.minHonestHeight()).isZero();
    assertThat(sim.decided).isEmpty();
  }

  @Test
  void aRestartedValidatorDoesNotSignAgainDifferently() {
    TestNetwork net = new TestNetwork(4, 1000, 4, 67);
    SimulatedNetwork sim =
        new SimulatedNetwork(
            net, 11, new SimulatedNetwork.Faults(0.1, 0.1, 100, false, true, 0, false));
    sim.run(12, 3, 3_000, 60_000);
    assertThat(sim.violations).isEmpty();
    assertThat(sim.evidenceAgainst)
        .as("no honest validator equivocates, even after restarts")
        .isEmpty();
  }

  @Test
  void equivocationIsReportedAsEvidence() {
    TestNetwork net = new TestNetwork(4, 1000, 4, 67);
    SimulatedNetwork sim =
        new SimulatedNetwork(net, 5, new SimulatedNetwork.Faults(0, 0, 20, false, false, 1, false));
    sim.run(8, 2, 0, 30_000);
    assertThat(sim.violations).isEmpty();
    assertThat(sim.evidenceAgainst)
        .containsOnlyKeys(net.validators.get(3).address().value())
        .allSatisfy((accused, count) -> assertThat(count).isPositive());
  }

  @Test
  void theDesignatedProposerRotatesByVotingPower() {
    TestNetwork net = new TestNetwork(1, 100, 4, 67);
    SimulatedNetwork sim = new SimulatedNetwork(net, 1, SimulatedNetwork.Faults.NONE);
    ConsensusMachine m = sim.nodes.get(0).machine;
    java.util.Set<org.jledger.crypto.Address> seen = new java.util.HashSet<>();
    for (long r = 1; r <= 4; r++) {
      seen.add(m.proposer(r));
    }
    assertThat(seen).hasSize(4);
  }
}
