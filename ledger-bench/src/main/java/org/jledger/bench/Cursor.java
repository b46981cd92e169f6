package org.jledger.bench;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * A benchmark thread's walk over prepared inputs, so one invocation does not simply repeat the last
 * one's work with every cache warm. Each thread starts at its own place.
 */
@State(Scope.Thread)
public class Cursor {

  private int next;

  @Setup(Level.Trial)
  public void start(ThreadParams thread) {
    next = thread.getThreadIndex() * 1009;
  }

  /** The next index in {@code [0, size)}, wrapping around. */
  int next(int size) {
    int i = next < size ? next : 0;
    next = i + 1;
    return i;
  }
}
