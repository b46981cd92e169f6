package org.jledger.consensus;

import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import org.jledger.Result;
import org.jledger.chain.Block;
import org.jledger.crypto.SigningKey;
import org.jledger.encoding.Hash;
import org.jledger.encoding.Members;
import org.jledger.encoding.Timestamps;
import org.jledger.node.LedgerNode;
import org.jledger.support.TestNetwork;
import org.jledger.transaction.Admitted;
import org.jledger.transaction.Transaction;

/**
 * The misbehaviour of one Byzantine validator in the {@link SimulatedNetwork}. The validator runs
 * an honest {@link ConsensusMachine} (so that it takes part in every height and round at the right
 * time), but everything that machine broadcasts goes through {@link #broadcast}, which lies:
 *
 * <ul>
 *   <li><b>Equivocating proposals.</b> Whenever the machine proposes (round 0, or a round it is the
 *       designated proposer of), a second, different and valid block for the same (height, round)
 *       is signed, and the peers are split in two: one side gets the machine's proposal, the other
 *       the twin.
 *   <li><b>Split-brain votes.</b> Each Vote and Commit goes as signed by the machine to one side
 *       and as a conflicting one to the other: for another block proposed in that round (the twin,
 *       say), for nil, or for a block nobody holds. It also <em>echoes</em>: when an honest peer's
 *       Vote or Commit reaches it first, it may sign the very same choice back to that peer only,
 *       so that every honest node believes the Byzantine validator agrees with it; at some heights
 *       it does only that ({@link #mirrors}).
 *   <li><b>Leaks.</b> Now and then a peer is shown the other version too, so that honest nodes see
 *       both and must report equivocation evidence.
 *   <li><b>Junk.</b> Messages for far-future rounds and heights, with a broken signature, signed by
 *       a key that is not a validator's, or for another network. All but the far-future round ones
 *       must be refused by every honest node; {@link Wire#sendTo} is told which.
 * </ul>
 *
 * <p>It never serves committed blocks to nodes that fell behind ({@link SimulatedNetwork} asks only
 * honest peers). Each peer keeps receiving the version it was first sent for a slot (height, round,
 * kind), as a careful equivocator would do to avoid being caught, except for the deliberate leaks.
 * All choices come from the simulation's seeded {@link Random}, so runs replay exactly.
 */
final class ByzantineValidator {

  /** A network id no honest node belongs to. */
  static final String OTHER_NETWORK = "other-network";

  /** The chance that one broadcast also shows a random peer the other version of its slot. */
  private static final double LEAK = 0.2;

  /** The chance that one broadcast is followed by a junk message to a random peer. */
  private static final double JUNK = 0.3;

  /** The chance that an honest peer's Vote or Commit is echoed straight back to it. */
  private static final double ECHO = 0.5;

  /** How the Byzantine validator reaches one peer. */
  interface Wire {

    /**
     * Sends {@code message} to node {@code to} (with the simulation's loss, delay and duplication).
     * {@code mustBeRefused}: an honest node that accepts it has a bug.
     */
    void sendTo(int to, JsonObject message, boolean mustBeRefused);
  }

  private final TestNetwork net;
  private final SigningKey key;
  private final SigningKey intruder = TestNetwork.key("intruder", 0);
  private final List<Integer> peers;
  private final Random random;
  private final Wire wire;
  private final Supplier<LedgerNode> node;
  private final Supplier<Instant> clock;

  /** Per slot (height/round/fqdn), the version each peer was sent. */
  private final Map<String, Map<Integer, JsonObject>> sent = new HashMap<>();

  /** Per slot, the conflicting version (the twin proposal, or the other vote). */
  private final Map<String, JsonObject> conflicting = new HashMap<>();

  /** Per (height/round), the blocks this validator knows were proposed there, in order seen. */
  private final Map<String, Set<Hash>> proposed = new HashMap<>();

  /** Per height, the peers that get the conflicting versions (the others get the machine's). */
  private final Map<Long, Set<Integer>> otherSide = new HashMap<>();

  /** Per height, whether this validator only mirrors (see {@link #mirrors}). */
  private final Map<Long, Boolean> mirroring = new HashMap<>();

  /** Slots and peers for which the echo was decided (echoed or not), so each is decided once. */
  private final Set<String> echoDecided = new HashSet<>();

  /**
   * @param node this validator's current ledger node (it changes when the validator restarts)
   * @param clock the simulated time
   */
  ByzantineValidator(
      TestNetwork net,
      SigningKey key,
      List<Integer> peers,
      Random random,
      Wire wire,
      Supplier<LedgerNode> node,
      Supplier<Instant> clock) {
    this.net = net;
    this.key = key;
    this.peers = List.copyOf(peers);
    this.random = random;
    this.wire = wire;
    this.node = node;
    this.clock = clock;
  }

  /** What the honest machine broadcasts, sent two-faced instead. */
  void broadcast(JsonObject message) {
    if (!key.address().value().equals(message.getString("address"))) {
      return; // it relays nothing others signed
    }
    String fqdn = message.getString("fqdn");
    long height = Members.integer(message, "height", "message");
    long round = Members.integer(message, "round", "message");
    String slot = height + "/" + round + "/" + fqdn;
    JsonObject other =
        conflicting.computeIfAbsent(
            slot,
            s ->
                ProposalPayload.FQDN.equals(fqdn)
                    ? twinProposal(message, height, round)
                    : conflictingVote(message, height, round));
    Map<Integer, JsonObject> versions = sent.computeIfAbsent(slot, s -> new HashMap<>());
    Set<Integer> side = otherSide.computeIfAbsent(height, h -> pickSide());
    boolean onlyEchoes = !ProposalPayload.FQDN.equals(fqdn) && mirrors(height);
    for (int peer : peers) {
      JsonObject version =
          onlyEchoes
              ? versions.get(peer)
              : versions.computeIfAbsent(
                  peer, p -> other != null && side.contains(p) ? other : message);
      if (version != null) {
        wire.sendTo(peer, version, false);
      }
    }
    if (other != null && random.nextDouble() < LEAK) {
      int peer = peers.get(random.nextInt(peers.size()));
      wire.sendTo(peer, message.equals(versions.get(peer)) ? other : message, false);
    }
    if (random.nextDouble() < JUNK) {
      sendJunk(message, height, round);
    }
  }

  /**
   * A message from honest node {@code from} reached this validator: learn the blocks proposed, and
   * maybe echo the peer's own Vote or Commit back to it.
   */
  void observe(int from, JsonObject message) {
    String fqdn = message.getString("fqdn", "");
    long height;
    long round;
    try {
      height = Members.integer(message, "height", "message");
      round = Members.integer(message, "round", "message");
    } catch (RuntimeException e) {
      return;
    }
    if (ProposalPayload.FQDN.equals(fqdn)) {
      Hash block = Members.hash(Members.object(message, "block", "message"), "hash", "block");
      proposed.computeIfAbsent(height + "/" + round, k -> new LinkedHashSet<>()).add(block);
      return;
    }
    boolean fromItsSigner =
        message.getString("address", "").equals(net.validators.get(from).address().value());
    String slot = height + "/" + round + "/" + fqdn;
    if (!fromItsSigner
        || !echoDecided.add(slot + "/" + from)
        || !(mirrors(height) || random.nextDouble() < ECHO)) {
      return;
    }
    Map<Integer, JsonObject> versions = sent.computeIfAbsent(slot, s -> new HashMap<>());
    if (versions.containsKey(from)) {
      return;
    }
    VotePayload theirs = Signed.voteFromJson(message).payload();
    JsonObject echo = signVote(theirs, theirs.round(), theirs.blockHash(), net.config.networkId());
    versions.put(from, echo);
    wire.sendTo(from, echo, false);
  }

  /**
   * Whether, at {@code height}, this validator sends no Vote or Commit of its machine's but echoes
   * every honest peer's own Vote and Commit back to it (chosen at random for each height). Each
   * peer then sees it agree with whatever that peer chose, which is what splits a network whose
   * quorum is too small.
   */
  private boolean mirrors(long height) {
    return mirroring.computeIfAbsent(height, h -> random.nextBoolean());
  }

  /** Splits the peers in two non-empty sides (when there are two or more peers). */
  private Set<Integer> pickSide() {
    Set<Integer> side = new HashSet<>();
    for (int peer : peers) {
      if (random.nextBoolean()) {
        side.add(peer);
      }
    }
    if (peers.size() >= 2 && (side.isEmpty() || side.size() == peers.size())) {
      int flip = peers.get(random.nextInt(peers.size()));
      if (!side.remove(flip)) {
        side.add(flip);
      }
    }
    return side;
  }

  /**
   * A second valid proposal for the same (height, round): the first half (at least one) of the
   * proposed block's transactions, a millisecond later. Null when this validator's node is not at
   * that height (it cannot build on the state then).
   */
  private JsonObject twinProposal(JsonObject message, long height, long round) {
    ProposalPayload original = Signed.proposalFromJson(message).payload();
    LedgerNode ledger = node.get();
    if (ledger.height() != height) {
      return null;
    }
    List<Transaction> transactions = original.block().transactions();
    List<Admitted> admitted = new ArrayList<>();
    for (Transaction tx : transactions.subList(0, Math.max(1, transactions.size() / 2))) {
      if (net.admission.check(tx, ledger.head()) instanceof Result.Ok<Admitted> ok) {
        admitted.add(ok.value());
      }
    }
    Block previous = ledger.headBlock().orElse(null);
    Block twin =
        net.builder
            .build(
                ledger.head(),
                previous == null ? null : previous.hash(),
                previous == null ? List.of() : previous.commits(),
                admitted,
                key.address(),
                round,
                clock.get().plusMillis(1))
            .block();
    proposed.computeIfAbsent(height + "/" + round, k -> new LinkedHashSet<>()).add(twin.hash());
    return Signed.sign(new ProposalPayload(original.networkId(), height, round, twin), key)
        .toJson();
  }

  /**
   * The other side of a Vote or Commit: for a block is countered with another block proposed in
   * that round or nil (at random); nil with another proposed block or a block nobody holds.
   */
  private JsonObject conflictingVote(JsonObject message, long height, long round) {
    VotePayload mine = Signed.voteFromJson(message).payload();
    List<Hash> others =
        new ArrayList<>(proposed.getOrDefault(height + "/" + round, Set.of()).stream().toList());
    others.remove(mine.blockHash());
    Hash choice;
    if (mine.blockHash() != null && (others.isEmpty() || random.nextBoolean())) {
      choice = null;
    } else if (!others.isEmpty()) {
      choice = others.get(random.nextInt(others.size()));
    } else {
      choice = Hash.sha256(("no such block " + height + "/" + round).getBytes());
    }
    return signVote(mine, round, choice, mine.networkId());
  }

  private JsonObject signVote(VotePayload like, long round, Hash block, String networkId) {
    return signVote(like.phase(), like.height(), round, block, networkId, key);
  }

  private JsonObject signVote(
      VotePayload.Phase phase,
      long height,
      long round,
      Hash block,
      String networkId,
      SigningKey signer) {
    return Signed.sign(
            new VotePayload(phase, networkId, height, round, block, Timestamps.format(clock.get())),
            signer)
        .toJson();
  }

  /** The kinds of junk, each derived from the slot the machine just broadcast. */
  private enum Junk {
    FAR_FUTURE_ROUND,
    FAR_FUTURE_HEIGHT,
    BAD_SIGNATURE,
    NOT_A_VALIDATOR,
    OTHER_NETWORK
  }

  private void sendJunk(JsonObject message, long height, long round) {
    VotePayload.Phase phase =
        "plug.consensus.Commit".equals(message.getString("fqdn"))
            ? VotePayload.Phase.COMMIT
            : VotePayload.Phase.VOTE;
    String network = net.config.networkId();
    Hash block = Hash.sha256(("junk " + height + "/" + round).getBytes());
    Junk kind = Junk.values()[random.nextInt(Junk.values().length)];
    JsonObject junk =
        switch (kind) {
          case FAR_FUTURE_ROUND -> signVote(phase, height, round + 1_000_000, block, network, key);
          case FAR_FUTURE_HEIGHT -> signVote(phase, height + 1_000, round, block, network, key);
          case BAD_SIGNATURE -> breakSignature(signVote(phase, height, round, block, network, key));
          case NOT_A_VALIDATOR -> signVote(phase, height, round, block, network, intruder);
          case OTHER_NETWORK -> signVote(phase, height, round, block, OTHER_NETWORK, key);
        };
    int peer = peers.get(random.nextInt(peers.size()));
    wire.sendTo(peer, junk, kind != Junk.FAR_FUTURE_ROUND);
  }

  /** The same message with the first byte of its signature changed. */
  private static JsonObject breakSignature(JsonObject message) {
    String signature = message.getString("signature");
    String flipped = (signature.charAt(0) == '0' ? "1" : "0") + signature.substring(1);
    return org.jledger.encoding.CanonicalJson.PROVIDER
        .createObjectBuilder(message)
        .add("signature", flipped)
        .build();
  }
}
