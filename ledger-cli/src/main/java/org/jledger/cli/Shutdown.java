package org.jledger.cli;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import sun.misc.Signal;

/**
 * Ctrl-C and SIGTERM for commands that run nodes: the first asks every node to stop (a warm
 * shutdown: it finishes the round in flight and persists), the second kills them at once. A
 * shutdown hook makes sure no node outlives this process.
 */
final class Shutdown {

  private final List<NodeProcess> nodes;
  private final AtomicInteger signals = new AtomicInteger();
  private final CountDownLatch requested = new CountDownLatch(1);

  Shutdown(List<NodeProcess> nodes) {
    this.nodes = nodes;
  }

  void install() {
    Signal.handle(new Signal("INT"), s -> onSignal());
    Signal.handle(new Signal("TERM"), s -> onSignal());
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  for (NodeProcess n : nodes) {
                    n.process().descendants().forEach(ProcessHandle::destroyForcibly);
                    n.process().destroyForcibly();
                  }
                }));
  }

  private void onSignal() {
    if (signals.incrementAndGet() == 1) {
      System.err.println("jledger: stopping (warm shutdown; press Ctrl-C again to stop at once)");
      nodes.forEach(NodeProcess::requestStop);
      requested.countDown();
    } else {
      System.err.println("jledger: stopping at once");
      for (NodeProcess n : nodes) {
        try {
          n.killNow();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      Runtime.getRuntime().halt(130);
    }
  }

  boolean isRequested() {
    return requested.getCount() == 0;
  }

  /** Waits for every node to stop after a stop was requested, killing stragglers. */
  void stopAll() throws InterruptedException {
    nodes.forEach(NodeProcess::requestStop);
    for (NodeProcess n : nodes) {
      n.awaitStop(NodeProcess.STOP_GRACE);
    }
  }
}
