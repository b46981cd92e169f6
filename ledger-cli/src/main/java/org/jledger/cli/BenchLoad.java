package org.jledger.cli;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.jledger.encoding.CanonicalJson;

/**
 * One phase of the benchmark: pre-signed transactions sent open-loop at a fixed offered rate (or,
 * for saturation, as fast as {@code maxInFlight} outstanding requests allow), spread over the nodes
 * in turn, while a watcher follows the committed blocks of one node and notes when each transaction
 * was confirmed.
 */
final class BenchLoad {

  /** A pre-signed transaction: its body, and its proof's signature, which blocks show. */
  record Signed(String body, String signature) {}

  /**
   * What one phase measured. Latencies in milliseconds; rates per second. {@code sentTps} is what
   * was sent while sending: below {@code offeredTps} when {@code maxInFlight} outstanding
   * submissions held the open loop back.
   */
  record Phase(
      String name,
      double offeredTps,
      double sentTps,
      double seconds,
      int submitted,
      int accepted,
      int rejected,
      int confirmed,
      int lost,
      double committedTps,
      double p50,
      double p95,
      double p99,
      long blocks,
      double blocksPerSecond,
      List<String> rejections) {}

  private static final Duration DRAIN = Duration.ofSeconds(30);

  private final List<String> targets;
  private final HttpClient http;
  private final int maxInFlight;

  BenchLoad(List<String> targets, int maxInFlight) {
    this.targets = List.copyOf(targets);
    this.maxInFlight = maxInFlight;
    // HTTP/1.1: Payara answers an h2c upgrade under load with GOAWAY
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  /**
   * Sends {@code txs} at {@code rate} per second (0: saturation) for at most {@code limit}, and
   * waits until each accepted one is confirmed or {@link #DRAIN} passes without progress. The
   * transactions left unsent are the last ones, so no account is left with a gap in its nonces.
   */
  Phase run(String name, List<Signed> txs, double rate, Duration limit)
      throws IOException, InterruptedException {
    Map<String, Integer> bySignature = new ConcurrentHashMap<>();
    for (int i = 0; i < txs.size(); i++) {
      bySignature.put(txs.get(i).signature(), i);
    }
    long[] sentAt = new long[txs.size()];
    long[] confirmedAt = new long[txs.size()];
    boolean[] accepted = new boolean[txs.size()];
    AtomicInteger acceptedCount = new AtomicInteger();
    AtomicInteger rejected = new AtomicInteger();
    List<String> rejections = new java.util.concurrent.CopyOnWriteArrayList<>();
    BlockWatcher watcher = new BlockWatcher(http, targets.get(0), bySignature, confirmedAt);
    watcher.start();
    Semaphore inFlight = new Semaphore(maxInFlight);
    long start = System.nanoTime();
    int submitted = 0;
    for (int i = 0; i < txs.size() && System.nanoTime() - start < limit.toNanos(); i++) {
      submitted++;
      if (rate > 0) {
        long due = start + (long) (i * 1e9 / rate);
        long wait = due - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
      }
      inFlight.acquire();
      int index = i;
      sentAt[i] = System.nanoTime();
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(targets.get(i % targets.size()) + "/transaction"))
              .timeout(Duration.ofSeconds(30))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(txs.get(i).body()))
              .build();
      submit(
          request,
          RETRIES,
          ok -> {
            if (ok == null) {
              accepted[index] = true;
              acceptedCount.incrementAndGet();
            } else {
              rejected.incrementAndGet();
              if (rejections.size() < 5) {
                rejections.add(ok);
              }
            }
            // last: once every permit is back, the drain below must see every answer counted
            inFlight.release();
          });
    }
    inFlight.acquire(maxInFlight);
    inFlight.release(maxInFlight);
    double sendSeconds = (System.nanoTime() - start) / 1e9;
    // drain: wait while confirmations still come in
    long lastProgress = System.nanoTime();
    int seen = -1;
    while (System.nanoTime() - lastProgress < DRAIN.toNanos()) {
      int confirmed = watcher.confirmed();
      if (confirmed >= acceptedCount.get()) {
        break;
      }
      if (confirmed != seen) {
        seen = confirmed;
        lastProgress = System.nanoTime();
      }
      Thread.sleep(50);
    }
    watcher.stop();
    long lastConfirm = start;
    List<Double> latencies = new ArrayList<>();
    int confirmed = 0;
    int lost = 0;
    for (int i = 0; i < txs.size(); i++) {
      if (confirmedAt[i] != 0) {
        confirmed++;
        latencies.add((confirmedAt[i] - sentAt[i]) / 1e6);
        lastConfirm = Math.max(lastConfirm, confirmedAt[i]);
      } else if (accepted[i]) {
        lost++;
      }
    }
    double window = Math.max(sendSeconds, (lastConfirm - start) / 1e9);
    double[] sorted = latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double offered = rate > 0 ? rate : submitted / sendSeconds;
    // the rate of the sends: intervals between the first and the last
    double sent =
        submitted > 1 ? (submitted - 1) / ((sentAt[submitted - 1] - start) / 1e9) : offered;
    return new Phase(
        name,
        offered,
        sent,
        window,
        submitted,
        acceptedCount.get(),
        rejected.get(),
        confirmed,
        lost,
        confirmed / window,
        percentile(sorted, 50),
        percentile(sorted, 95),
        percentile(sorted, 99),
        watcher.blocks(),
        watcher.blocks() / window,
        List.copyOf(rejections));
  }

  /** Times a submission is sent again when the connection fails or the node is busy (503). */
  private static final int RETRIES = 3;

  /**
   * Sends a submission, and sends it again (it is idempotent, as any client would) after a
   * connection failure or a 503, at most {@code retries} more times; {@code done} gets null when it
   * was accepted, else what the last answer was. A transfer given up on leaves its account's later
   * transfers waiting for its nonce, so they would count as lost.
   */
  private void submit(HttpRequest request, int retries, java.util.function.Consumer<String> done) {
    http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .whenComplete(
            (r, e) -> {
              if (e == null && r.statusCode() == 202) {
                done.accept(null);
              } else if (retries > 0 && (e != null || r.statusCode() == 503)) {
                java.util.concurrent.CompletableFuture.delayedExecutor(
                        1, java.util.concurrent.TimeUnit.SECONDS)
                    .execute(() -> submit(request, retries - 1, done));
              } else {
                done.accept(e != null ? e.toString() : r.statusCode() + " " + r.body());
              }
            });
  }

  static double percentile(double[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank))];
  }

  /** Follows one node's committed blocks and notes when each known transaction appeared. */
  private static final class BlockWatcher {
    private final HttpClient http;
    private final String target;
    private final Map<String, Integer> bySignature;
    private final long[] confirmedAt;
    private final AtomicInteger confirmed = new AtomicInteger();
    private final AtomicLong blocks = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;
    private long next;

    BlockWatcher(
        HttpClient http, String target, Map<String, Integer> bySignature, long[] confirmedAt) {
      this.http = http;
      this.target = target;
      this.bySignature = bySignature;
      this.confirmedAt = confirmedAt;
      this.thread = new Thread(this::run, "bench block watcher");
      this.thread.setDaemon(true);
    }

    void start() throws IOException, InterruptedException {
      next = get("/network").getJsonNumber("height").longValue();
      thread.start();
    }

    void stop() throws InterruptedException {
      running = false;
      thread.join();
    }

    int confirmed() {
      return confirmed.get();
    }

    long blocks() {
      return blocks.get();
    }

    /**
     * Asks for the next block every {@value #POLL_MILLIS} ms until it exists, then for the ones
     * after it at once: one cheap request per poll (the node answers 404 from a primary-key probe),
     * where asking for the head height first cost the watched node a {@code /network} answer each
     * time.
     */
    private void run() {
      while (running) {
        try {
          Optional<JsonObject> block = find("/block/" + next);
          if (block.isEmpty()) {
            Thread.sleep(POLL_MILLIS);
            continue;
          }
          long now = System.nanoTime();
          blocks.incrementAndGet();
          for (JsonValue t : block.get().getJsonArray("transactions")) {
            for (JsonValue proof : t.asJsonObject().getJsonObject("proofs").values()) {
              Integer i = bySignature.get(proof.asJsonObject().getString("signature"));
              if (i != null && confirmedAt[i] == 0) {
                confirmedAt[i] = now;
                confirmed.incrementAndGet();
              }
            }
          }
          next++;
        } catch (IOException | RuntimeException e) {
          LockSupport.parkNanos(200_000_000L);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    private static final long POLL_MILLIS = 25;

    private JsonObject get(String path) throws IOException, InterruptedException {
      return find(path).orElseThrow(() -> new IOException(path + " answered 404"));
    }

    private Optional<JsonObject> find(String path) throws IOException, InterruptedException {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(target + path))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 404) {
        return Optional.empty();
      }
      if (r.statusCode() != 200) {
        throw new IOException(path + " answered " + r.statusCode());
      }
      return Optional.of(CanonicalJson.parseObject(r.body()));
    }
  }
}
