package org.jledger.cli;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.jledger.transaction.SingleKeyProof;
import org.jledger.transaction.Transaction;

/**
 * The ceiling: how many transactions per second this machine's cores could admit if they did
 * nothing but the work every node must do for each one: parse it and encode it canonically, hash
 * it, recompute each proof's challenge and verify its Ed25519 signature.
 */
final class BenchCeiling {

  private BenchCeiling() {}

  /** Runs the per-transaction work on every core for {@code seconds}; transactions per second. */
  static double measure(List<String> bodies, String networkId, double seconds)
      throws InterruptedException {
    int threads = Runtime.getRuntime().availableProcessors();
    LongAdder done = new LongAdder();
    AtomicBoolean measuring = new AtomicBoolean(false);
    AtomicBoolean running = new AtomicBoolean(true);
    Thread[] workers = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      int offset = t;
      workers[t] =
          new Thread(
              () -> {
                for (int i = offset; running.get(); i += threads) {
                  Transaction tx = Transaction.parse(bodies.get(i % bodies.size()));
                  tx.hash();
                  for (SingleKeyProof proof : tx.proofs().values()) {
                    proof.verify(networkId, tx.transform());
                  }
                  if (measuring.get()) {
                    done.increment();
                  }
                }
              },
              "ceiling " + t);
      workers[t].start();
    }
    Thread.sleep(Math.max(1_000, (long) (seconds * 200))); // warm up the JIT
    measuring.set(true);
    long start = System.nanoTime();
    Thread.sleep((long) (seconds * 1000));
    measuring.set(false);
    double elapsed = (System.nanoTime() - start) / 1e9;
    running.set(false);
    for (Thread w : workers) {
      w.join();
    }
    return done.sum() / elapsed;
  }
}
