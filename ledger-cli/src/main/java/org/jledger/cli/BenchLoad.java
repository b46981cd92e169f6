package org.jledger.cli;

import jakarta.json.JsonArray;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.jledger.encoding.CanonicalJson;

/**
 * One phase of the benchmark: pre-signed transactions sent open-loop at a fixed offered rate (or,
 * for saturation, as fast as the network confirms them), spread over the nodes in turn, while a
 * watcher follows the committed blocks of one node and notes when each transaction was confirmed.
 */
final class BenchLoad {

  /** A pre-signed transaction: its body, and its proof's signature, which blocks show. */
  record Signed(String body, String signature) {}

  /**
   * What one phase measured. Latencies in milliseconds; rates per second. {@code sentTps} is what
   * was sent while sending: below {@code offeredTps} when {@code maxInFlight} unanswered
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
  private final int batch;
  private final long windowNanos;
  private final int saturationWindow;

  /**
   * @param maxInFlight transactions sent and not yet answered, at most
   * @param batch transactions in one request at most: 1 sends each alone ({@code POST
   *     /transaction}), more send those due together ({@code POST /transactions})
   * @param window the least time between two sends of the open loop when {@code batch} is more than
   *     1: the transactions that fall due meanwhile go together
   * @param saturationWindow transactions sent and not yet confirmed (or refused) at most, at
   *     saturation: enough to fill blocks, not so many that the nodes' pools overflow
   */
  BenchLoad(
      List<String> targets, int maxInFlight, int batch, Duration window, int saturationWindow) {
    if (batch < 1 || batch > maxInFlight) {
      throw new IllegalArgumentException("batch must be 1 to maxInFlight, got " + batch);
    }
    this.targets = List.copyOf(targets);
    this.maxInFlight = maxInFlight;
    this.batch = batch;
    this.windowNanos = batch > 1 ? window.toNanos() : 0;
    this.saturationWindow = saturationWindow;
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
   *
   * <p>The open loop wakes when the next transaction falls due, but not sooner than the window
   * after its last send, and sends all those due, in at most {@code batch} per request, the
   * requests going to the nodes in turn. A transaction's latency counts from when it fell due, so
   * the wait for the window and for outstanding answers ({@code maxInFlight}) is in it. At
   * saturation, {@code batch} go in each request while fewer than {@code saturationWindow} are
   * unconfirmed (the network's pace, not the load generator's, sets the rate), and latency counts
   * from the send.
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
    boolean saturation = rate <= 0;
    Semaphore unconfirmed = new Semaphore(saturationWindow);
    BlockWatcher watcher =
        new BlockWatcher(
            http,
            targets.get(0),
            bySignature,
            confirmedAt,
            () -> {
              if (saturation) {
                unconfirmed.release();
              }
            });
    watcher.start();
    Semaphore inFlight = new Semaphore(maxInFlight);
    Answered answered =
        (index, refusal) -> {
          if (refusal == null) {
            accepted[index] = true;
            acceptedCount.incrementAndGet();
          } else {
            rejected.incrementAndGet();
            if (rejections.size() < 5) {
              rejections.add(refusal);
            }
            if (saturation) {
              unconfirmed.release();
            }
          }
          // last: once every permit is back, the drain below must see every answer counted
          inFlight.release();
        };
    long start = System.nanoTime();
    long lastSend = start - windowNanos;
    long lastSent = start;
    int submitted = 0;
    int requests = 0;
    while (submitted < txs.size() && System.nanoTime() - start < limit.toNanos()) {
      int end;
      int parts;
      if (!saturation) {
        long due = start + (long) (submitted * 1e9 / rate);
        long wake = Math.max(due, lastSend + windowNanos);
        long wait = wake - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
        lastSend = System.nanoTime();
        long dueNow = (long) ((Math.min(lastSend - start, limit.toNanos())) * rate / 1e9) + 1;
        end = (int) Math.min(txs.size(), Math.max(dueNow, submitted + 1));
        for (int i = submitted; i < end; i++) {
          sentAt[i] = start + (long) (i * 1e9 / rate);
        }
        // the due ones in nearly equal parts, one per node, each in requests of at most batch
        int ready = end - submitted;
        parts = Math.max(Math.min(targets.size(), ready), (ready + batch - 1) / batch);
      } else {
        end = Math.min(txs.size(), submitted + batch);
        parts = 1;
        long left = limit.toNanos() - (System.nanoTime() - start);
        if (!unconfirmed.tryAcquire(end - submitted, Math.max(0, left), TimeUnit.NANOSECONDS)) {
          break;
        }
      }
      int count = end - submitted;
      for (int p = 0; p < parts; p++) {
        int from = submitted + (int) ((long) count * p / parts);
        int to = submitted + (int) ((long) count * (p + 1) / parts);
        inFlight.acquire(to - from);
        List<Integer> chunk = new ArrayList<>(to - from);
        long now = System.nanoTime();
        for (int i = from; i < to; i++) {
          chunk.add(i);
          if (saturation) {
            sentAt[i] = now;
          }
        }
        submit(targets.get(requests++ % targets.size()), txs, chunk, RETRIES, answered);
      }
      submitted = end;
      lastSent = System.nanoTime();
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
    double sent = submitted > 1 ? (submitted - 1) / ((lastSent - start) / 1e9) : offered;
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

  /** Told once what became of each sent transaction: null when accepted, else why not. */
  private interface Answered {
    void answer(int index, String refusal);
  }

  /**
   * Times a submission is sent again, a second apart, when the connection fails or the node is busy
   * (503): for a minute, as a client that must not lose a transfer would. A node whose pool is full
   * (cold nodes at the warm-up's rate fill theirs) answers 503 until blocks make room, and the
   * transactions waiting to be sent again keep their places under {@code maxInFlight}, which slows
   * the open loop down to the nodes' pace meanwhile.
   */
  private static final int RETRIES = 60;

  /**
   * Sends the transactions at {@code chunk} (their indexes in {@code txs}) to {@code target} in one
   * request, and sends again (submission is idempotent, as any client would) those a connection
   * failure or a 503 left unanswered, at most {@code retries} more times, a second later. A
   * transfer given up on leaves its account's later transfers waiting for its nonce, so they would
   * count as lost.
   */
  private void submit(
      String target, List<Signed> txs, List<Integer> chunk, int retries, Answered answered) {
    boolean alone = batch == 1;
    StringBuilder body = new StringBuilder(alone ? "" : "[");
    for (int i : chunk) {
      body.append(body.length() > 1 ? "," : "").append(txs.get(i).body());
    }
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(target + (alone ? "/transaction" : "/transactions")))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(alone ? body.toString() : body + "]"))
            .build();
    http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .whenComplete(
            (r, e) -> {
              List<Integer> again = new ArrayList<>();
              List<String> refusals = new ArrayList<>();
              if (e != null || r.statusCode() == 503) {
                again.addAll(chunk);
                refusals.add(e != null ? e.toString() : r.statusCode() + " " + r.body());
              } else if (alone || r.statusCode() != 200) {
                String refusal = r.statusCode() == 202 ? null : r.statusCode() + " " + r.body();
                chunk.forEach(i -> answered.answer(i, refusal));
              } else {
                List<JsonObject> errors = errors(r.body(), chunk.size());
                for (int k = 0; k < chunk.size(); k++) {
                  JsonObject error = errors.get(k);
                  if (error == null) {
                    answered.answer(chunk.get(k), null);
                  } else if (error.getInt("status", 0) == 503) {
                    again.add(chunk.get(k));
                    refusals.add(error.toString());
                  } else {
                    answered.answer(chunk.get(k), error.toString());
                  }
                }
              }
              if (again.isEmpty()) {
                return;
              }
              if (retries > 0) {
                java.util.concurrent.CompletableFuture.delayedExecutor(
                        1, java.util.concurrent.TimeUnit.SECONDS)
                    .execute(() -> submit(target, txs, again, retries - 1, answered));
              } else {
                again.forEach(i -> answered.answer(i, refusals.get(0)));
              }
            });
  }

  /**
   * The error of each result of a {@code POST /transactions} answer (null for one admitted); an
   * answer that is not one result for each transaction counts as an error for all.
   */
  static List<JsonObject> errors(String answer, int count) {
    List<JsonObject> errors = new ArrayList<>(count);
    try {
      JsonArray results = CanonicalJson.parseObject(answer).getJsonArray("results");
      if (results != null && results.size() == count) {
        for (JsonValue result : results) {
          errors.add(result.asJsonObject().getJsonObject("error"));
        }
        return errors;
      }
    } catch (RuntimeException e) {
      // not the answer of a node: below
    }
    JsonObject error =
        CanonicalJson.PROVIDER
            .createObjectBuilder()
            .add("detail", "not an answer for " + count + " transactions: " + answer)
            .build();
    errors.clear();
    for (int k = 0; k < count; k++) {
      errors.add(error);
    }
    return errors;
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
    private final Runnable onConfirmed;
    private final AtomicInteger confirmed = new AtomicInteger();
    private final AtomicLong blocks = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;
    private long next;

    BlockWatcher(
        HttpClient http,
        String target,
        Map<String, Integer> bySignature,
        long[] confirmedAt,
        Runnable onConfirmed) {
      this.http = http;
      this.target = target;
      this.bySignature = bySignature;
      this.confirmedAt = confirmedAt;
      this.onConfirmed = onConfirmed;
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
                onConfirmed.run();
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
