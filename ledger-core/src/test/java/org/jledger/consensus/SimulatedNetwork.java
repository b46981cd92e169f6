package org.jledger.consensus;

import jakarta.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import org.jledger.Result;
import org.jledger.chain.Block;
import org.jledger.chain.InMemoryBlockStore;
import org.jledger.crypto.SigningKey;
import org.jledger.encoding.Hash;
import org.jledger.node.LedgerApplication;
import org.jledger.node.LedgerNode;
import org.jledger.support.TestNetwork;
import org.jledger.transaction.Transaction;

/**
 * N validators of one {@link TestNetwork} in one JVM, driven by a seeded scheduler: messages are
 * delayed, lost, duplicated and reordered; partitions cut links for a while; nodes crash and
 * restart from their store and safety store; Byzantine validators sign conflicting messages.
 * Everything is deterministic for a seed, so a failing seed can be replayed.
 */
final class SimulatedNetwork {

  /**
   * Fault settings. The last {@code byzantine} validators behave as {@link ByzantineValidator}s;
   * {@code splitHonest} cuts every link between the two halves of the honest validators until
   * faults end.
   */
  record Faults(
      double loss,
      double duplication,
      long maxDelayMillis,
      boolean partitions,
      boolean crashes,
      int byzantine,
      boolean splitHonest) {

    static final Faults NONE = new Faults(0, 0, 20, false, false, 0, false);
  }

  /**
   * What a receiving node lets through to its machine, e.g. only certified signers (PKI): open by
   * default.
   */
  interface Gate {
    Gate OPEN = (to, from, message) -> true;

    boolean admits(int to, int from, JsonObject message);

    /** A block from a peer as the receiving node hands it on. */
    default Block certified(int to, Block block) {
      return block;
    }
  }

  Gate gate = Gate.OPEN;

  private final TestNetwork net;
  private final Random random;
  private final Faults faults;
  private final PriorityQueue<Event> queue = new PriorityQueue<>();
  private long now; // millis since T0
  private long sequence;
  final List<Sim> nodes = new ArrayList<>();
  private final Set<Long> partitionedUntil = new HashSet<>();
  private final Map<Integer, Long> isolatedUntil = new HashMap<>();
  private long honestSplitUntil;

  /** Height -> hash of the first block any honest node committed there. */
  final Map<Long, Hash> decided = new HashMap<>();

  final List<String> violations = new ArrayList<>();
  final Set<Hash> submitted = new HashSet<>();

  /** Equivocation evidence honest nodes reported, by the address of the accused validator. */
  final Map<String, Integer> evidenceAgainst = new HashMap<>();

  /** How many times an honest node sent a committed block to the others unasked. */
  int announcements;

  SimulatedNetwork(TestNetwork net, long seed, Faults faults) {
    this.net = net;
    this.random = new Random(seed);
    this.faults = faults;
    for (int i = 0; i < net.validators.size(); i++) {
      nodes.add(new Sim(i, i >= net.validators.size() - faults.byzantine()));
    }
    nodes.forEach(Sim::boot);
  }

  private record Event(long at, long seq, Consumer<Void> action) implements Comparable<Event> {
    @Override
    public int compareTo(Event o) {
      return at != o.at ? Long.compare(at, o.at) : Long.compare(seq, o.seq);
    }
  }

  private void at(long when, Runnable r) {
    queue.add(new Event(when, sequence++, v -> r.run()));
  }

  Instant instant() {
    return TestNetwork.T0.plusMillis(now);
  }

  /** One simulated node. */
  final class Sim {
    final int index;
    final boolean byzantine;
    final SigningKey key;
    final ByzantineValidator adversary;
    final InMemoryBlockStore store = new InMemoryBlockStore();
    final InMemorySafetyStore safety = new InMemorySafetyStore();
    LedgerNode node;
    ConsensusMachine machine;
    boolean up;
    int epoch;

    Sim(int index, boolean byzantine) {
      this.index = index;
      this.byzantine = byzantine;
      this.key = net.validators.get(index);
      this.adversary =
          byzantine
              ? new ByzantineValidator(
                  net,
                  key,
                  otherIndices(index),
                  random,
                  (to, message, mustBeRefused) -> deliver(index, to, message, mustBeRefused),
                  () -> node,
                  SimulatedNetwork.this::instant)
              : null;
    }

    void boot() {
      epoch++;
      int myEpoch = epoch;
      Clock clock =
          new Clock() {
            @Override
            public ZoneOffset getZone() {
              return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
              return this;
            }

            @Override
            public Instant instant() {
              return SimulatedNetwork.this.instant();
            }
          };
      node = new LedgerNode(net.parameters, net.dapps, net.genesis, store, clock, 10_000);
      if (!node.start().isOk()) {
        violations.add("node " + index + " could not restart");
      }
      node.addListener(
          new LedgerNode.Listener() {
            @Override
            public void blockCommitted(Block block) {
              if (byzantine) {
                return; // agreement binds honest nodes only
              }
              Hash first = decided.putIfAbsent(block.height(), block.hash());
              if (first != null && !first.equals(block.hash())) {
                violations.add(
                    "agreement: node " + index + " committed another block at " + block.height());
              }
            }

            @Override
            public void transactionChanged(org.jledger.transaction.TransactionRecord record) {}
          });
      ConsensusPorts.Outbox outbox =
          new ConsensusPorts.Outbox() {
            @Override
            public void broadcast(JsonObject message) {
              if (byzantine) {
                adversary.broadcast(message);
              } else {
                send(index, message);
              }
            }

            @Override
            public void schedule(ConsensusPorts.Timeout timeout, Duration delay) {
              at(
                  now + delay.toMillis(),
                  () -> {
                    if (up && epoch == myEpoch) {
                      machine.onTimeout(timeout, instant());
                    }
                  });
            }

            @Override
            public void evidence(JsonObject first, JsonObject second) {
              if (byzantine) {
                return;
              }
              String accused = first.getString("address");
              evidenceAgainst.merge(accused, 1, Integer::sum);
              if (isHonest(accused)) {
                violations.add("node " + index + " has evidence against honest " + accused);
              }
            }

            @Override
            public void requestBlocks(long fromHeight) {
              sync(index, fromHeight);
            }

            @Override
            public void announce(long height) {
              if (byzantine) {
                return; // it helps no one catch up
              }
              announcements++;
              store.block(height).ifPresent(b -> publish(index, b));
            }
          };
      machine =
          new ConsensusMachine(
              TestNetwork.NETWORK_ID,
              key,
              new LedgerApplication(node, key.address()),
              safety,
              outbox,
              new ConsensusTimeouts(
                  Duration.ofMillis(300),
                  Duration.ofMillis(200),
                  Duration.ofMillis(200),
                  Duration.ofMillis(100),
                  Duration.ofMillis(50)));
      up = true;
      machine.start(instant());
      tick(myEpoch);
    }

    private void tick(int myEpoch) {
      at(
          now + 50,
          () -> {
            if (up && epoch == myEpoch) {
              machine.onTick(instant());
              tick(myEpoch);
            }
          });
    }

    void crash() {
      up = false;
    }
  }

  private List<Integer> otherIndices(int index) {
    List<Integer> others = new ArrayList<>();
    for (int i = 0; i < net.validators.size(); i++) {
      if (i != index) {
        others.add(i);
      }
    }
    return others;
  }

  private boolean isHonest(String address) {
    return nodes.stream().anyMatch(s -> !s.byzantine && s.key.address().value().equals(address));
  }

  private boolean linkUp(int from, int to) {
    Long a = isolatedUntil.get(from);
    Long b = isolatedUntil.get(to);
    return (a == null || a <= now) && (b == null || b <= now) && !splitBetween(from, to);
  }

  /** Whether {@code splitHonest} cuts the link: two honest nodes in different halves. */
  private boolean splitBetween(int a, int b) {
    if (now >= honestSplitUntil || nodes.get(a).byzantine || nodes.get(b).byzantine) {
      return false;
    }
    int half = (nodes.size() - faults.byzantine()) / 2;
    return (a < half) != (b < half);
  }

  private void send(int from, JsonObject message) {
    for (Sim to : nodes) {
      if (to.index != from) {
        deliver(from, to.index, message, false);
      }
    }
  }

  /**
   * Sends one message over one link, lost, duplicated and delayed at random. {@code mustBeRefused}:
   * junk that an honest node must not accept (it may only buffer it for a later height).
   */
  private void deliver(int from, int toIndex, JsonObject message, boolean mustBeRefused) {
    Sim to = nodes.get(toIndex);
    int copies = random.nextDouble() < faults.duplication() ? 2 : 1;
    for (int c = 0; c < copies; c++) {
      if (random.nextDouble() < faults.loss()) {
        continue;
      }
      long delay = 1 + (long) (random.nextDouble() * faults.maxDelayMillis());
      at(
          now + delay,
          () -> {
            if (!to.up || !linkUp(from, to.index) || !gate.admits(to.index, from, message)) {
              return;
            }
            if (to.byzantine) {
              to.adversary.observe(from, message);
            }
            Result<String> r = to.machine.onMessage(message, instant());
            if (mustBeRefused
                && !to.byzantine
                && r instanceof Result.Ok<String> ok
                && !ConsensusMachine.BUFFERED.equals(ok.value())) {
              violations.add("node " + toIndex + " accepted junk " + message);
            }
          });
    }
  }

  /** The blocks topic: a committed block with its certificate, to every other node. */
  private void publish(int from, Block block) {
    for (Sim to : nodes) {
      if (to.index == from || random.nextDouble() < faults.loss()) {
        continue;
      }
      long delay = 1 + (long) (random.nextDouble() * faults.maxDelayMillis());
      at(
          now + delay,
          () -> {
            if (to.up && linkUp(from, to.index)) {
              to.machine.onCommittedBlock(gate.certified(to.index, block), instant());
            }
          });
    }
  }

  /**
   * A peer that has them answers with committed blocks (the sync queue). Byzantine validators are
   * never asked: they would not help.
   */
  private void sync(int requester, long fromHeight) {
    List<Sim> peers =
        nodes.stream().filter(p -> p.up && p.index != requester && !p.byzantine).toList();
    if (peers.isEmpty()) {
      return;
    }
    Sim peer = peers.get(random.nextInt(peers.size()));
    List<Block> blocks = peer.store.blocks(fromHeight, 10);
    long delay = 1 + (long) (random.nextDouble() * faults.maxDelayMillis());
    at(
        now + delay,
        () -> {
          Sim to = nodes.get(requester);
          if (to.up && linkUp(peer.index, requester)) {
            for (Block b : blocks) {
              to.machine.onCommittedBlock(gate.certified(requester, b), instant());
            }
          }
        });
  }

  /** Submits a transaction to every node's pool (transactions gossip to all nodes). */
  void submit(Transaction tx) {
    submitted.add(tx.hash());
    for (Sim s : nodes) {
      long delay = (long) (random.nextDouble() * faults.maxDelayMillis());
      at(
          now + delay,
          () -> {
            if (s.up) {
              try {
                s.node.submit(tx);
              } catch (org.jledger.LedgerException e) {
                // already applied or stale on this node: fine
              }
            }
          });
    }
  }

  /**
   * Runs: submits {@code transfers} transfers over the first {@code load} ms, injects faults until
   * {@code faultsEnd} ms, and runs until every honest node reached {@code target} height or {@code
   * limit} ms passed.
   */
  void run(int transfers, long target, long faultsEnd, long limit) {
    for (Transaction tx : net.transfers(transfers)) {
      at((long) (random.nextDouble() * 500), () -> submit(tx));
    }
    if (faults.partitions()) {
      for (long t = 200; t < faultsEnd; t += 400) {
        long start = t + random.nextInt(200);
        int victim = random.nextInt(nodes.size());
        long length = 100 + random.nextInt(600);
        at(start, () -> isolatedUntil.put(victim, Math.min(now + length, faultsEnd)));
      }
    }
    if (faults.splitHonest()) {
      honestSplitUntil = faultsEnd;
    }
    if (faults.crashes()) {
      for (long t = 300; t < faultsEnd; t += 700) {
        int victim = random.nextInt(nodes.size());
        long downFor = 100 + random.nextInt(500);
        at(
            t + random.nextInt(300),
            () -> {
              Sim s = nodes.get(victim);
              if (s.up) {
                s.crash();
                at(now + downFor, s::boot);
              }
            });
      }
    }
    while (!queue.isEmpty()) {
      Event e = queue.poll();
      now = e.at();
      if (now > limit || !violations.isEmpty() || allReached(target)) {
        break;
      }
      e.action().accept(null);
    }
  }

  /** Whether every honest node is at {@code target} or beyond and has confirmed everything. */
  boolean allReached(long target) {
    return nodes.stream()
        .filter(s -> !s.byzantine)
        .allMatch(
            s ->
                s.node.height() >= target
                    && submitted.stream()
                        .allMatch(
                            h ->
                                s.store
                                    .transaction(h)
                                    .map(r -> r.status().isFinal())
                                    .orElse(false)));
  }

  String describe() {
    StringBuilder sb = new StringBuilder();
    for (Sim s : nodes) {
      sb.append(
          String.format(
              "[%d h=%d r=%d %s pool=%d up=%s]",
              s.index,
              s.node.height(),
              s.machine.round(),
              s.machine.step(),
              s.node.poolSize(),
              s.up));
    }
    return sb.toString();
  }

  long minHonestHeight() {
    return nodes.stream().filter(s -> !s.byzantine).mapToLong(s -> s.node.height()).min().orElse(0);
  }

  /** Checks that no transaction was committed twice and only submitted ones were. */
  void checkTransactions() {
    for (Sim s : nodes) {
      Set<Hash> seen = new HashSet<>();
      for (Block b : s.store.blocks(0, Integer.MAX_VALUE)) {
        for (Transaction t : b.transactions()) {
          if (!seen.add(t.hash())) {
            violations.add("node " + s.index + " committed " + t.hash() + " twice");
          }
          if (!submitted.contains(t.hash())) {
            violations.add("node " + s.index + " committed an unsubmitted transaction");
          }
        }
      }
    }
  }
}
