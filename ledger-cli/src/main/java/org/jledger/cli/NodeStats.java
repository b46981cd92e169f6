package org.jledger.cli;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jledger.encoding.CanonicalJson;

/**
 * Each local node's CPU and resident memory during a benchmark phase, from {@code /proc}: CPU as
 * the share of one core its process used, memory as the highest {@code VmRSS} seen.
 */
final class NodeStats {

  private static final double CLOCK_TICKS_PER_SECOND = 100; // Linux's USER_HZ

  /** One node's figures for a phase. */
  record Node(String name, double cpuPercent, long maxRssMiB) {}

  /** Every node's figures for a phase. */
  record Sample(List<Node> nodes) {
    String describe() {
      if (nodes.isEmpty()) {
        return "  (nodes not on this machine: no CPU or memory figures)";
      }
      StringBuilder sb = new StringBuilder();
      for (Node n : nodes) {
        sb.append(
            String.format(
                "  %s: CPU %.0f%% of a core, RSS at most %d MiB%n",
                n.name(), n.cpuPercent(), n.maxRssMiB()));
      }
      return sb.toString().stripTrailing();
    }

    JsonArray toJson() {
      JsonArrayBuilder a = CanonicalJson.PROVIDER.createArrayBuilder();
      for (Node n : nodes) {
        a.add(
            CanonicalJson.PROVIDER
                .createObjectBuilder()
                .add("name", n.name())
                .add("cpu_percent", n.cpuPercent())
                .add("max_rss_mib", n.maxRssMiB()));
      }
      return a.build();
    }
  }

  private final List<NodeProcess> nodes;
  private final long[] ticksAtStart;
  private final long[] maxRssKiB;
  private final long startNanos = System.nanoTime();
  private final Thread sampler;
  private volatile boolean running = true;

  private NodeStats(List<NodeProcess> nodes) {
    this.nodes = List.copyOf(nodes);
    this.ticksAtStart = new long[nodes.size()];
    this.maxRssKiB = new long[nodes.size()];
    for (int i = 0; i < nodes.size(); i++) {
      ticksAtStart[i] = cpuTicks(nodes.get(i));
    }
    this.sampler = new Thread(this::sample, "node stats");
    this.sampler.setDaemon(true);
    this.sampler.start();
  }

  static NodeStats start(List<NodeProcess> nodes) {
    return new NodeStats(nodes);
  }

  Sample stop() throws InterruptedException {
    running = false;
    sampler.join();
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    List<Node> out = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      double cpu = (cpuTicks(nodes.get(i)) - ticksAtStart[i]) / CLOCK_TICKS_PER_SECOND / seconds;
      out.add(new Node(nodes.get(i).name(), 100 * cpu, maxRssKiB[i] / 1024));
    }
    return new Sample(out);
  }

  private void sample() {
    while (running) {
      for (int i = 0; i < nodes.size(); i++) {
        maxRssKiB[i] = Math.max(maxRssKiB[i], rssKiB(nodes.get(i)));
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** utime + stime of the process, in clock ticks; 0 if it is gone. */
  private static long cpuTicks(NodeProcess n) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(n.process().pid()), "stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  private static long rssKiB(NodeProcess n) {
    try (var lines = Files.lines(Path.of("/proc", Long.toString(n.process().pid()), "status"))) {
      return lines
          .filter(l -> l.startsWith("VmRSS:"))
          .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")))
          .findFirst()
          .orElse(0L);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }
}
