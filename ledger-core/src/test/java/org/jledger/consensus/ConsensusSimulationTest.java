package org.jledger.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.jledger.support.TestNetwork;
import org.junit.jupiter.api.Test;

/**
 * Safety and liveness of the consensus over many seeds of the simulated network: agreement (no two
 * nodes commit different blocks at one height), validity (only submitted, valid transactions, each
 * at most once) and progress once faults heal. {@code -Djledger.sim.seeds=100000} runs more; {@code
 * -Djledger.sim.seed=N} replays one.
 */
class ConsensusSimulationTest {

  private static final int SEEDS = Integer.getInteger("jledger.sim.seeds", 1000);
  private static final Long ONE = Long.getLong("jledger.sim.seed");

  private static List<Long> seeds(int count) {
    if (ONE != null) {
      return List.of(ONE);
    }
    List<Long> s = new ArrayList<>();
    for (long i = 1; i <= count; i++) {
      s.add(i);
    }
    return s;
  }

  private static void runSeeds(
      int count, int validators, int quorum, SimulatedNetwork.Faults faults, long target) {
    TestNetwork net = new TestNetwork(4, 1_000, validators, quorum);
    List<String> failures = new ArrayList<>();
    for (long seed : seeds(count)) {
      SimulatedNetwork sim = new SimulatedNetwork(net, seed, faults);
      sim.run(12, target, 3_000, 60_000);
      sim.checkTransactions();
      if (!sim.violations.isEmpty()) {
        failures.add("seed " + seed + ": " + sim.violations);
      } else if (!sim.allReached(target)) {
        failures.add(
            "seed "
                + seed
                + ": no progress, lowest height "
                + sim.minHonestHeight()
                + " "
                + sim.describe());
      }
      if (failures.size() >= 5) {
        break;
      }
    }
    assertThat(failures).as("replay one with -Djledger.sim.seed=N").isEmpty();
  }

  @Test
  void fourValidatorsAgreeWithoutFaults() {
    runSeeds(Math.min(SEEDS, 100), 4, 67, SimulatedNetwork.Faults.NONE, 1);
  }

  @Test
  void fourValidatorsAgreeUnderLossDuplicationDelayPartitionsAndCrashes() {
    runSeeds(SEEDS, 4, 67, new SimulatedNetwork.Faults(0.2, 0.1, 150, true, true, 0), 1);
  }

  @Test
  void aByzantineValidatorWithLessThanAThirdCannotBreakAgreement() {
    runSeeds(SEEDS / 4, 4, 67, new SimulatedNetwork.Faults(0.1, 0.1, 100, true, false, 1), 1);
  }
}
