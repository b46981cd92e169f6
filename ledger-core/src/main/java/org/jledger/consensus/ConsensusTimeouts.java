package org.jledger.consensus;

import java.time.Duration;

/**
 * How long each step of a round waits, growing with the round so that the network always makes
 * progress once messages flow (round r waits {@code base + r * increment}), and the least time
 * between two blocks.
 */
public record ConsensusTimeouts(
    Duration propose, Duration vote, Duration commit, Duration increment, Duration blockInterval) {

  /**
   * Timeouts for a network whose {@code refresh_window} is {@code refreshWindow}: a proposal gets
   * at least 3 s (building, signing, storing, sending and re-executing a block of thousands of
   * transactions takes seconds on a busy machine, and a proposal that comes too late costs a
   * round), the other steps at least 1 s.
   */
  public static ConsensusTimeouts forRefreshWindow(Duration refreshWindow) {
    Duration step = max(Duration.ofSeconds(1), refreshWindow.dividedBy(2));
    return new ConsensusTimeouts(
        max(Duration.ofSeconds(3), refreshWindow), step, step, step, refreshWindow);
  }

  Duration of(ConsensusPorts.Step s, long round) {
    Duration base =
        switch (s) {
          case PROPOSE -> propose;
          case VOTE -> vote;
          case COMMIT -> commit;
        };
    return base.plus(increment.multipliedBy(Math.min(round, 64)));
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
