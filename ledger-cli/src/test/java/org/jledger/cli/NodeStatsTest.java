package org.jledger.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class NodeStatsTest {

  /**
   * This test's own JVM has compiled code and collected garbage by now: both show, within what the
   * whole process used.
   */
  @Test
  void theJitAndTheCollectorAreMeasuredWithinTheProcess() {
    long sum = 0;
    for (int i = 0; i < 50; i++) {
      sum += new byte[1 << 20].length;
      System.gc();
    }
    NodeStats.Ticks ticks = NodeStats.Ticks.of(ProcessHandle.current().pid());
    assertThat(sum).isPositive();
    assertThat(ticks.jit()).as("compiler threads").isPositive();
    assertThat(ticks.gc()).as("collector threads").isPositive();
    assertThat(ticks.all()).isGreaterThanOrEqualTo(ticks.jit() + ticks.gc());
    NodeStats.Ticks later = NodeStats.Ticks.of(ProcessHandle.current().pid());
    NodeStats.Ticks used = later.since(ticks);
    assertThat(used.all()).isNotNegative();
    assertThat(ticks.since(later).all()).as("never below zero").isZero();
  }

  @Test
  void withoutLocalNodesOnlyTheLoadGeneratorIsMeasured() throws InterruptedException {
    NodeStats stats = NodeStats.start(java.util.List.of());
    long until = System.nanoTime() + 300_000_000L;
    long spins = 0;
    while (System.nanoTime() < until) {
      spins++;
    }
    NodeStats.Sample sample = stats.stop();

    assertThat(spins).isPositive();
    assertThat(sample.nodes()).isEmpty();
    assertThat(sample.loadGenerator().name()).isEqualTo("load generator");
    assertThat(sample.loadGenerator().cpuPercent()).as("it spun for the whole phase").isPositive();
    assertThat(sample.loadGenerator().maxRssMiB()).isPositive();
    assertThat(sample.describe())
        .startsWith("  (nodes not on this machine: no CPU or memory figures)")
        .containsPattern("\n  load generator: CPU [0-9]+% of a core");
  }

  /**
   * Threads end while the process's threads are listed (a load generator's HTTP client threads do):
   * one that is gone before its name is read is left out, and the process's own CPU stays.
   */
  @Test
  void threadsEndingWhileTheyAreListedDoNotLoseTheProcessItsTicks() throws InterruptedException {
    AtomicBoolean churning = new AtomicBoolean(true);
    Thread churn =
        new Thread(
            () -> {
              while (churning.get()) {
                Thread t = new Thread(() -> {});
                t.start();
              }
            });
    churn.start();
    try {
      for (int i = 0; i < 500; i++) {
        assertThat(NodeStats.Ticks.of(ProcessHandle.current().pid()).all())
            .as("reading %d", i)
            .isPositive();
      }
    } finally {
      churning.set(false);
      churn.join();
    }
  }

  @Test
  void aProcessThatIsGoneHasNoTicks() {
    assertThat(NodeStats.Ticks.of(Long.MAX_VALUE)).isEqualTo(new NodeStats.Ticks(0, 0, 0));
  }
}
