package org.jledger.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jledger.transaction.Pool;
import org.jledger.transaction.Transaction;

/**
 * How much heap a pooled transaction keeps, against its canonical text as the baseline: the pool
 * holds thousands of transactions while they wait for a block, and what they keep is what the
 * collector copies and what the pool's default capacity ({@link Pool#HEAP_PER_TRANSACTION}) must
 * allow for. Each transfer is read from its text and admitted as a node does with a submission
 * (parse, admission check against the genesis state, into the pool); the heap is measured after
 * full collections before and after. Run with {@code java -XX:+UseSerialGC -cp
 * ledger-bench/target/benchmarks.jar org.jledger.bench.PoolFootprint [transactions]}.
 */
public final class PoolFootprint {

  private PoolFootprint() {}

  public static void main(String[] args) {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    TransferNetwork network = new TransferNetwork(count);
    String[] texts = new String[count];
    long textBytes = 0;
    for (int i = 0; i < count; i++) {
      texts[i] = network.transactions[i].toJson().text();
      textBytes += texts[i].getBytes(StandardCharsets.UTF_8).length;
    }
    Arrays.fill(network.transactions, null); // only the texts are kept, as a node receives them
    Pool pool = new Pool(100, count);
    long before = heapAfterCollection();
    for (int i = 0; i < count; i++) {
      Transaction tx = Transaction.parse(texts[i]);
      if (!pool.add(network.admit(tx), 0, false).isOk()) {
        throw new IllegalStateException("the pool refused " + tx);
      }
    }
    long after = heapAfterCollection();
    long perTransaction = (after - before) / count;
    long perText = textBytes / count;
    System.out.printf("pooled transactions: %d (%d in the pool)%n", count, pool.size());
    System.out.printf("canonical text: %d bytes per transaction (the baseline)%n", perText);
    System.out.printf(
        "heap kept: %d bytes per pooled transaction, %.1f times its text%n",
        perTransaction, (double) perTransaction / perText);
  }

  private static long heapAfterCollection() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 4; i++) {
      memory.gc();
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}
