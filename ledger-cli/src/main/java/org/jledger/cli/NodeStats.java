package org.jledger.cli;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jledger.encoding.CanonicalJson;

/**
 * Each local node's CPU and resident memory during a benchmark phase, and this command's own (the
 * load generator's, with the broker it started), from {@code /proc}: CPU as the share of one core
 * the process used, memory as the highest {@code VmRSS} seen. The CPU of two kinds of the JVM's own
 * threads is shown apart, since profiles of a loaded node do not see it: the JIT compilers ({@code
 * C1}/{@code C2 CompilerThread}) and the collector ({@code VM Thread}, where the serial collector
 * and other safepoint operations run, and the {@code GC} and {@code G1} threads of the other
 * collectors).
 */
final class NodeStats {

  private static final double CLOCK_TICKS_PER_SECOND = 100; // Linux's USER_HZ

  /** One node's figures for a phase; the JIT's and the collector's CPU are part of the whole. */
  record Node(
      String name, double cpuPercent, double jitCpuPercent, double gcCpuPercent, long maxRssMiB) {}

  /**
   * Every node's figures for a phase, and those of this process, which shares the machine with the
   * nodes: the load generator, and the broker when the command started the nodes (the broker then
   * runs in this JVM).
   */
  record Sample(List<Node> nodes, Node loadGenerator) {
    String describe() {
      StringBuilder sb = new StringBuilder();
      if (nodes.isEmpty()) {
        sb.append(String.format("  (nodes not on this machine: no CPU or memory figures)%n"));
      }
      for (Node n : nodes) {
        sb.append(line(n));
      }
      return sb.append(line(loadGenerator)).toString().stripTrailing();
    }

    private static String line(Node n) {
      return String.format(
          "  %s: CPU %.0f%% of a core (JIT %.0f%%, GC %.0f%%), RSS at most %d MiB%n",
          n.name(), n.cpuPercent(), n.jitCpuPercent(), n.gcCpuPercent(), n.maxRssMiB());
    }

    JsonArray toJson() {
      JsonArrayBuilder a = CanonicalJson.PROVIDER.createArrayBuilder();
      nodes.forEach(n -> a.add(toJson(n)));
      return a.build();
    }

    static JsonObject toJson(Node n) {
      return CanonicalJson.PROVIDER
          .createObjectBuilder()
          .add("name", n.name())
          .add("cpu_percent", n.cpuPercent())
          .add("jit_cpu_percent", n.jitCpuPercent())
          .add("gc_cpu_percent", n.gcCpuPercent())
          .add("max_rss_mib", n.maxRssMiB())
          .build();
    }
  }

  /** A process watched: a node's, or this one. */
  private record Watched(String name, long pid) {}

  private final List<Watched> watched = new ArrayList<>();
  private final Ticks[] ticksAtStart;
  private final long[] maxRssKiB;
  private final long startNanos = System.nanoTime();
  private final Thread sampler;
  private volatile boolean running = true;

  private NodeStats(List<NodeProcess> nodes) {
    nodes.forEach(n -> watched.add(new Watched(n.name(), n.process().pid())));
    watched.add(
        new Watched(
            nodes.isEmpty() ? "load generator" : "load generator and broker",
            ProcessHandle.current().pid()));
    this.ticksAtStart = new Ticks[watched.size()];
    this.maxRssKiB = new long[watched.size()];
    for (int i = 0; i < watched.size(); i++) {
      ticksAtStart[i] = Ticks.of(watched.get(i).pid());
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
    for (int i = 0; i < watched.size(); i++) {
      Ticks used = Ticks.of(watched.get(i).pid()).since(ticksAtStart[i]);
      double percent = 100 / CLOCK_TICKS_PER_SECOND / seconds;
      out.add(
          new Node(
              watched.get(i).name(),
              used.all() * percent,
              used.jit() * percent,
              used.gc() * percent,
              maxRssKiB[i] / 1024));
    }
    return new Sample(List.copyOf(out.subList(0, out.size() - 1)), out.get(out.size() - 1));
  }

  private void sample() {
    while (running) {
      for (int i = 0; i < watched.size(); i++) {
        maxRssKiB[i] = Math.max(maxRssKiB[i], rssKiB(watched.get(i).pid()));
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /**
   * CPU (utime + stime, in clock ticks) of a process, and of its JIT compiler and collector threads
   * alive when read; zeros for a process that is gone.
   */
  record Ticks(long all, long jit, long gc) {

    static Ticks of(long pid) {
      Path proc = Path.of("/proc", Long.toString(pid));
      try (var tasks = Files.list(proc.resolve("task"))) {
        long all = ticks(proc);
        long jit = 0;
        long gc = 0;
        for (Path task : (Iterable<Path>) tasks::iterator) {
          try {
            String name = Files.readString(task.resolve("comm")).strip();
            if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
              jit += ticks(task);
            } else if (name.equals("VM Thread")
                || name.startsWith("GC Thread")
                || name.startsWith("G1 ")) {
              gc += ticks(task);
            }
          } catch (IOException ended) {
            // the thread ended after it was listed (no file, or "no such process"): the
            // process's own figure has its time
          }
        }
        return new Ticks(all, jit, gc);
      } catch (IOException | RuntimeException e) {
        return new Ticks(0, 0, 0);
      }
    }

    /** What was used since {@code start}; never below zero (a thread that ended takes its own). */
    Ticks since(Ticks start) {
      return new Ticks(
          Math.max(0, all - start.all), Math.max(0, jit - start.jit), Math.max(0, gc - start.gc));
    }

    private static long ticks(Path statOwner) throws IOException {
      String stat = Files.readString(statOwner.resolve("stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }
  }

  private static long rssKiB(long pid) {
    try (var lines = Files.lines(Path.of("/proc", Long.toString(pid), "status"))) {
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
