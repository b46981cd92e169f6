package org.jledger.consensus;

import jakarta.json.JsonObject;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.logging.Logger;
import org.jledger.LedgerException;
import org.jledger.Result;
import org.jledger.chain.Block;
import org.jledger.consensus.ConsensusPorts.Application;
import org.jledger.consensus.ConsensusPorts.Lock;
import org.jledger.consensus.ConsensusPorts.Outbox;
import org.jledger.consensus.ConsensusPorts.SafetyStore;
import org.jledger.consensus.ConsensusPorts.Step;
import org.jledger.consensus.ConsensusPorts.Timeout;
import org.jledger.crypto.Address;
import org.jledger.crypto.SigningKey;
import org.jledger.encoding.Hash;
import org.jledger.encoding.Members;
import org.jledger.encoding.Timestamps;

/**
 * Plug's leaderless two-phase commit made safe and live (DESIGN section 7): Algorithm 1 of "The
 * latest gossip on BFT consensus" (Buchman, Kwon, Milosevic 2018) with Plug's names (prevote =
 * {@code Vote}, precommit = {@code Commit}) and voting power in place of process counts: "2f+1" is
 * a quorum of voting power ({@link ValidatorSet#isQuorum}) and "f+1" is more than {@code (100 -
 * quorum)%} of it.
 *
 * <p>Round 0 is leaderless: any validator with pending transactions may propose, and validators
 * vote for the first valid proposal they receive; proposals are staggered along the proposer order
 * so that usually only one is made. From round 1 one designated proposer per round (weighted
 * round-robin over voting power). Each validator signs at most one message per (height, round,
 * phase), recording it in the {@link SafetyStore} before it is sent, so that no restart can make it
 * sign a conflicting one; with fewer than a third of voting power faulty and a quorum of at least
 * 67, no two blocks can commit at one height.
 *
 * <p>Single-threaded: feed it one event at a time ({@link #start}, {@link #onTick}, {@link
 * #onMessage}, {@link #onTimeout}). Time comes with each event.
 */
public final class ConsensusMachine {

  private static final Logger LOG = Logger.getLogger(ConsensusMachine.class.getName());
  private static final int MAX_BUFFERED = 10_000;
  private static final int MAX_RANK = 1_000;

  /**
   * What {@link #onMessage} answers for a message of a later height, kept unchecked until then; any
   * other accepted message had its signature checked against a validator of this height.
   */
  public static final String BUFFERED = "buffered";

  private final String networkId;
  private final SigningKey key;
  private final Application app;
  private final SafetyStore safety;
  private final Outbox outbox;
  private final ConsensusTimeouts timeouts;

  private long height = -1;
  private long round;
  private Step step = Step.PROPOSE;
  private ValidatorSet validators;
  private Lock locked;
  private Block validBlock;
  private long validRound = -1;
  private boolean proposeTimeoutScheduled;
  private Duration roundZeroDelay = Duration.ZERO;

  /**
   * When this node last committed a block, as the first event after the commit tells (null until
   * then): committing takes a while, and a time taken before it would let every validator's round-0
   * turn pass during the commit, so that all of them propose at once.
   */
  private Instant lastCommit = Instant.EPOCH;

  /** When this validator first had pending transactions at this height (null before). */
  private Instant workSince;

  private Instant lastBroadcast = Instant.EPOCH;
  private Instant lastSyncRequest = Instant.EPOCH;
  private final List<JsonObject> mine = new ArrayList<>();
  private final Set<Long> announced = new HashSet<>();
  private Instant lastAnnounce = Instant.EPOCH;

  /** When this node entered the current height (committed the one before). */
  private Instant heightEntered = Instant.EPOCH;

  private final Map<Long, Signed<ProposalPayload>> proposals = new HashMap<>();
  private final Map<Hash, Block> blocks = new HashMap<>();
  private final Map<Hash, Boolean> validity = new HashMap<>();
  private final Map<Long, Map<Address, Signed<VotePayload>>> votes = new TreeMap<>();
  private final Map<Long, Map<Address, Signed<VotePayload>>> commits = new TreeMap<>();

  /**
   * Every validly signed Vote per round, a validator's conflicting ones included: a Vote quorum for
   * a block (a "polka") justifies voting for it despite a lock however its signers also voted, and
   * an equivocator's Vote for that block is still one of them (Algorithm 1 counts messages per
   * value). Without this, a Byzantine validator that shows one honest node another Vote than the
   * rest could leave it locked on an older block for ever.
   */
  private final Map<Long, Set<Signed<VotePayload>>> everyVote = new TreeMap<>();

  private final Map<Long, Set<Address>> senders = new TreeMap<>();
  private final Set<Long> voteTimeoutScheduled = new HashSet<>();
  private final Set<Long> commitTimeoutScheduled = new HashSet<>();
  private final Set<Long> lockedInRound = new HashSet<>();
  private final Map<String, Signed<?>> firstSeen = new HashMap<>();
  private final Set<String> reported = new HashSet<>();
  private final List<JsonObject> future = new ArrayList<>();

  /**
   * @param key this validator's key, or null for an observer (which only follows)
   */
  public ConsensusMachine(
      String networkId,
      SigningKey key,
      Application app,
      SafetyStore safety,
      Outbox outbox,
      ConsensusTimeouts timeouts) {
    this.networkId = Objects.requireNonNull(networkId);
    this.key = key;
    this.app = app;
    this.safety = safety;
    this.outbox = outbox;
    this.timeouts = timeouts;
  }

  public long height() {
    return height;
  }

  public long round() {
    return round;
  }

  public Step step() {
    return step;
  }

  /**
   * Begins deciding the application's current height (also after a restart), and asks peers for any
   * blocks committed since: a restarted node learns of them even if the network is idle.
   */
  public void start(Instant now) {
    enterHeight(now);
    lastSyncRequest = now;
    outbox.requestBlocks(height);
  }

  /** Time passes and transactions may be pending: propose if this validator may. */
  public void onTick(Instant now) {
    clockIn(now);
    if (height != app.height()) {
      enterHeight(now);
    }
    if (step == Step.PROPOSE && app.hasPendingWork()) {
      activate();
      maybePropose(now);
      evaluate(now);
    }
    // An idle node asks now and then whether it missed blocks (peers answer only if it did).
    if (!now.isBefore(lastSyncRequest.plus(timeouts.propose().multipliedBy(10)))) {
      lastSyncRequest = now;
      outbox.requestBlocks(height);
    }
    // Messages get lost; while the height is undecided, send what this node signed again.
    if (!mine.isEmpty() && !now.isBefore(lastBroadcast.plus(timeouts.propose()))) {
      lastBroadcast = now;
      mine.forEach(outbox::broadcast);
    }
  }

  /**
   * A committed block with its certificate, fetched from a peer because this node fell behind. It
   * is committed if it is the next block, its certificate holds for this height's validators and it
   * re-executes.
   */
  public Result<String> onCommittedBlock(Block block, Instant now) {
    clockIn(now);
    if (block.height() != height) {
      return Result.refused("not_next", "block " + block.height() + " is not " + height);
    }
    Result<Long> certified =
        CommitCertificate.check(block.commits(), networkId, height, block.hash(), validators);
    if (certified instanceof Result.Refused<Long> r) {
      return Result.refused(r.code(), r.reason());
    }
    Result<?> valid = app.validate(block);
    if (valid instanceof Result.Refused<?> r) {
      return Result.refused(r.code(), r.reason());
    }
    app.commitFetched(block, block.commits());
    lastCommit = null;
    enterHeight(now);
    evaluate(now);
    return Result.ok("committed " + block.height());
  }

  /** The first event after a commit tells when the commit ended. */
  private void clockIn(Instant now) {
    if (lastCommit == null) {
      lastCommit = now;
    }
  }

  /** A timeout this machine asked for has fired. */
  public void onTimeout(Timeout t, Instant now) {
    clockIn(now);
    if (t.height() != height || t.round() != round) {
      return;
    }
    switch (t.step()) {
      case PROPOSE -> {
        if (step == Step.PROPOSE) {
          step = Step.VOTE;
          sign(VotePayload.Phase.VOTE, null, now);
        }
      }
      case VOTE -> {
        if (step == Step.VOTE) {
          step = Step.COMMIT;
          sign(VotePayload.Phase.COMMIT, null, now);
        }
      }
      case COMMIT -> startRound(round + 1, now);
    }
    evaluate(now);
  }

  /**
   * A consensus message from the network. Anything that does not belong (another network, an old
   * height, a non-validator, a bad signature or shape) is refused with a reason and changes
   * nothing.
   */
  public Result<String> onMessage(JsonObject message, Instant now) {
    clockIn(now);
    Result<String> r = accept(message, now);
    if (r.isOk()) {
      evaluate(now);
    }
    return r;
  }

  private Result<String> accept(JsonObject message, Instant now) {
    String fqdn;
    long msgHeight;
    try {
      fqdn = Members.string(message, "fqdn", "message");
      if (!networkId.equals(Members.string(message, "network_id", "message"))) {
        return Result.refused("other_network", "message for another network");
      }
      msgHeight = Members.integer(message, "height", "message");
    } catch (LedgerException e) {
      return Result.refused(e);
    }
    if (msgHeight < height) {
      // The sender missed the end of that height, or is only late: the last validator's commit
      // often comes just after the others committed. A message for the height that just ended is
      // answered with the block (megabytes, to every node) only once it is a proposal timeout old:
      // a sender that is behind sends its messages again every proposal timeout.
      boolean late =
          msgHeight == height - 1 && now.isBefore(heightEntered.plus(timeouts.propose()));
      if (!late
          && (announced.add(msgHeight) || !now.isBefore(lastAnnounce.plus(timeouts.propose())))) {
        lastAnnounce = now;
        outbox.announce(msgHeight);
      }
      return Result.refused("old_height", "message for height " + msgHeight + " < " + height);
    }
    if (msgHeight > height) {
      if (!now.isBefore(lastSyncRequest.plus(timeouts.propose()))) {
        lastSyncRequest = now;
        outbox.requestBlocks(height);
      }
      if (msgHeight > height + 2 || future.size() >= MAX_BUFFERED) {
        return Result.refused("future_height", "message for height " + msgHeight);
      }
      future.add(message);
      return Result.ok(BUFFERED);
    }
    try {
      if (ProposalPayload.FQDN.equals(fqdn)) {
        return acceptProposal(Signed.proposalFromJson(message, app::pending), now);
      }
      return acceptVote(Signed.voteFromJson(message));
    } catch (LedgerException e) {
      return Result.refused(e);
    }
  }

  private Result<String> acceptProposal(Signed<ProposalPayload> p, Instant now) {
    ProposalPayload payload = p.payload();
    Result<String> signer = checkSigner(p);
    if (!signer.isOk()) {
      return signer;
    }
    if (payload.round() > 0 && !proposer(payload.round()).equals(p.address())) {
      return Result.refused(
          "not_proposer", p.address() + " is not the proposer of round " + payload.round());
    }
    if (payload.block().height() != height || payload.block().header().round() > payload.round()) {
      return Result.refused("invalid_proposal", "the proposed block does not fit (h, r)");
    }
    if (equivocates(p, ProposalPayload.FQDN, payload.round())) {
      return Result.refused("equivocation", "a second proposal by " + p.address());
    }
    blocks.putIfAbsent(payload.block().hash(), payload.block());
    noteSender(payload.round(), p.address());
    Signed<ProposalPayload> chosen = proposals.get(payload.round());
    if (chosen == null && (payload.round() > 0 || isValid(payload.block()))) {
      proposals.put(payload.round(), p);
    }
    activate();
    return Result.ok("proposal");
  }

  private Result<String> acceptVote(Signed<VotePayload> v) {
    Result<String> signer = checkSigner(v);
    if (!signer.isOk()) {
      return signer;
    }
    VotePayload payload = v.payload();
    if (payload.phase() == VotePayload.Phase.VOTE) {
      everyVote.computeIfAbsent(payload.round(), r -> new HashSet<>()).add(v);
    }
    if (equivocates(v, payload.fqdn(), payload.round())) {
      return Result.refused("equivocation", "a second " + payload.fqdn() + " by " + v.address());
    }
    tally(v);
    activate();
    return Result.ok(payload.fqdn());
  }

  private Result<String> checkSigner(Signed<?> m) {
    if (!validators.isValidator(m.address())) {
      return Result.refused("not_validator", m.address() + " is not a validator at " + height);
    }
    if (!m.hasValidSignature()) {
      return Result.refused("invalid_signature", "message by " + m.address() + " is not signed");
    }
    return Result.ok("");
  }

  /** Records the first message per (validator, round, kind); a different second one is evidence. */
  private boolean equivocates(Signed<?> m, String kind, long r) {
    String slot = m.address() + "/" + r + "/" + kind;
    Signed<?> first = firstSeen.putIfAbsent(slot, m);
    if (first == null || first.equals(m)) {
      return false;
    }
    if (reported.add(slot)) {
      // once per slot and height: relayed copies of the same equivocation are not news
      outbox.evidence(first.toJson(), m.toJson());
    }
    return true;
  }

  private void tally(Signed<VotePayload> v) {
    VotePayload p = v.payload();
    Map<Long, Map<Address, Signed<VotePayload>>> target =
        p.phase() == VotePayload.Phase.VOTE ? votes : commits;
    target.computeIfAbsent(p.round(), r -> new LinkedHashMap<>()).putIfAbsent(v.address(), v);
    noteSender(p.round(), v.address());
  }

  private void noteSender(long r, Address a) {
    senders.computeIfAbsent(r, x -> new HashSet<>()).add(a);
  }

  // --- heights and rounds ------------------------------------------------------------------

  private void enterHeight(Instant now) {
    height = app.height();
    heightEntered = now;
    validators = app.validators();
    roundZeroDelay = roundZeroDelay();
    workSince = null;
    proposals.clear();
    blocks.clear();
    validity.clear();
    votes.clear();
    commits.clear();
    everyVote.clear();
    senders.clear();
    voteTimeoutScheduled.clear();
    commitTimeoutScheduled.clear();
    lockedInRound.clear();
    firstSeen.clear();
    reported.clear();
    mine.clear();
    locked = safety.lock(height).orElse(null);
    validBlock = locked == null ? null : locked.block();
    validRound = locked == null ? -1 : locked.round();
    if (locked != null) {
      blocks.put(locked.block().hash(), locked.block());
    }
    startRound(0, now);
    List<JsonObject> buffered = new ArrayList<>(future);
    future.clear();
    for (JsonObject m : buffered) {
      accept(m, now);
    }
    evaluate(now);
  }

  private void startRound(long r, Instant now) {
    round = r;
    step = Step.PROPOSE;
    proposeTimeoutScheduled = false;
    boolean othersSpoke = senders.keySet().stream().anyMatch(x -> x >= r);
    if (r == 0 ? app.hasPendingWork() : app.hasPendingWork() || othersSpoke) {
      activate();
    }
    maybePropose(now);
  }

  /** Starts the round's clock once this height has work or traffic. */
  private void activate() {
    if (!proposeTimeoutScheduled && step == Step.PROPOSE) {
      proposeTimeoutScheduled = true;
      outbox.schedule(new Timeout(height, round, Step.PROPOSE), timeouts.of(Step.PROPOSE, round));
    }
  }

  private void maybePropose(Instant now) {
    if (key == null || !validators.isValidator(key.address()) || step != Step.PROPOSE) {
      return;
    }
    if (round == 0) {
      // Leaderless, but staggered: the validator first in this height's proposer order proposes
      // at once, the others only if no valid proposal has come by their turn. Validators that all
      // proposed at once would split their votes and lose the round.
      if (lastCommit == null) {
        return; // the next event says when the commit ended, and so when this turn comes
      }
      if (!app.hasPendingWork() || proposals.containsKey(0L)) {
        return;
      }
      if (workSince == null) {
        workSince = now;
      }
      // the turns count from when there was work, else they would all have passed when the first
      // transactions arrive after a quiet spell, and every validator would propose at once
      Instant start = lastCommit.plus(timeouts.blockInterval());
      Instant turn = (workSince.isAfter(start) ? workSince : start).plus(roundZeroDelay);
      if (now.isBefore(turn)) {
        return;
      }
    } else if (!proposer(round).equals(key.address())) {
      return;
    }
    Optional<JsonObject> already = safety.signed(height, round, ProposalPayload.FQDN);
    if (already.isPresent()) {
      send(already.get(), now);
      acceptProposal(Signed.proposalFromJson(already.get(), app::pending), now);
      return;
    }
    Optional<Block> block = validBlock != null ? Optional.of(validBlock) : app.propose(round);
    if (block.isEmpty()) {
      return;
    }
    Signed<ProposalPayload> proposal =
        Signed.sign(new ProposalPayload(networkId, height, round, block.get()), key);
    JsonObject json = proposal.toJson();
    safety.recordSigned(height, round, ProposalPayload.FQDN, json);
    send(json, now);
    acceptProposal(proposal, now);
  }

  /**
   * How long after the block interval this validator waits before it proposes in round 0: a quarter
   * of the propose timeout for every validator ahead of it in this height's proposer order, so that
   * the first one's proposal usually arrives before the next one's turn (proposals that cross split
   * the votes and lose the round).
   */
  private Duration roundZeroDelay() {
    if (key == null || !validators.isValidator(key.address())) {
      return Duration.ZERO;
    }
    Set<Address> ahead = new HashSet<>();
    for (long r = 0; r < MAX_RANK; r++) {
      Address p = proposer(r);
      if (p.equals(key.address())) {
        break;
      }
      ahead.add(p);
    }
    return timeouts.propose().dividedBy(4).multipliedBy(ahead.size());
  }

  /** The designated proposer of a round from 1 on: weighted round-robin over voting power. */
  public Address proposer(long r) {
    Map<Address, Long> power = validators.power();
    BigInteger gcd = BigInteger.ZERO;
    for (long p : power.values()) {
      gcd = gcd.gcd(BigInteger.valueOf(p));
    }
    long g = gcd.longValue();
    long total = 0;
    for (long p : power.values()) {
      total += p / g;
    }
    long slot = Math.floorMod(height + r, total);
    for (Map.Entry<Address, Long> e : power.entrySet()) {
      slot -= e.getValue() / g;
      if (slot < 0) {
        return e.getKey();
      }
    }
    throw new IllegalStateException("no validator");
  }

  // --- the upon rules ------------------------------------------------------------------------

  private void evaluate(Instant now) {
    boolean changed = true;
    while (changed) {
      long h = height;
      changed = decide(now) || h != height;
      if (h != height) {
        continue;
      }
      changed |= skipRound(now);
      changed |= voteOnProposal(now);
      changed |= lockOnQuorum(now);
      changed |= commitNil(now);
      scheduleStepTimeouts();
    }
  }

  /** Rule 7: a quorum of Commits for a block we hold and find valid decides it. */
  private boolean decide(Instant now) {
    for (Map.Entry<Long, Map<Address, Signed<VotePayload>>> e : commits.entrySet()) {
      Map<Hash, List<Signed<VotePayload>>> byBlock = new HashMap<>();
      for (Signed<VotePayload> c : e.getValue().values()) {
        if (c.payload().blockHash() != null) {
          byBlock.computeIfAbsent(c.payload().blockHash(), x -> new ArrayList<>()).add(c);
        }
      }
      for (Map.Entry<Hash, List<Signed<VotePayload>>> b : byBlock.entrySet()) {
        Block block = blocks.get(b.getKey());
        if (block != null
            && validators.isQuorum(b.getValue().stream().map(Signed::address).toList())
            && isValid(block)) {
          // not announced: a peer still at this height gets the block when it sends for it
          app.commit(block, b.getValue());
          lastCommit = null;
          enterHeight(now);
          return true;
        }
      }
    }
    return false;
  }

  /** Rule 8: more than the faulty share of voting power is at a later round: go there. */
  private boolean skipRound(Instant now) {
    for (Map.Entry<Long, Set<Address>> e : senders.entrySet()) {
      if (e.getKey() > round) {
        long power = validators.powerOf(e.getValue());
        if (100 * power > (long) (100 - validators.quorum()) * validators.totalPower()) {
          startRound(e.getKey(), now);
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Rules 1 and 2: in the propose step, vote on the round's proposal: for it if it is valid and
   * this validator is not locked on another block, or a Vote quorum for it in a round since the
   * lock justifies it; for nothing if it is invalid. (The proposal carries no {@code validRound}:
   * its shape is fixed by DESIGN section 7, so the justifying round is looked up among the Votes
   * this node holds, which is exactly as safe.) A locked validator without justification waits for
   * the propose timeout.
   */
  private boolean voteOnProposal(Instant now) {
    Signed<ProposalPayload> p = proposals.get(round);
    if (step != Step.PROPOSE || p == null) {
      return false;
    }
    Block block = p.payload().block();
    if (!isValid(block)) {
      step = Step.VOTE;
      sign(VotePayload.Phase.VOTE, null, now);
      return true;
    }
    boolean justified = locked == null || locked.block().hash().equals(block.hash());
    for (long vr = round - 1; !justified && vr >= locked.round(); vr--) {
      justified = hasPolka(vr, block.hash());
    }
    if (!justified) {
      return false;
    }
    step = Step.VOTE;
    sign(VotePayload.Phase.VOTE, block.hash(), now);
    return true;
  }

  /** Rule 4: a Vote quorum for a valid proposed block locks it and commits to it. */
  private boolean lockOnQuorum(Instant now) {
    if (step == Step.PROPOSE || lockedInRound.contains(round)) {
      return false;
    }
    Map<Address, Signed<VotePayload>> rv = votes.get(round);
    if (rv == null) {
      return false;
    }
    for (Block block : blocks.values()) {
      if (proposedIn(block.hash(), round) && hasQuorum(rv, block.hash()) && isValid(block)) {
        lockedInRound.add(round);
        if (step == Step.VOTE) {
          locked = new Lock(round, block);
          safety.recordLock(height, locked);
          step = Step.COMMIT;
          sign(VotePayload.Phase.COMMIT, block.hash(), now);
        }
        validBlock = block;
        validRound = round;
        relayPolka(rv, block.hash(), now);
        return true;
      }
    }
    return false;
  }

  private boolean proposedIn(Hash block, long r) {
    Signed<ProposalPayload> p = proposals.get(r);
    if (p != null && p.payload().block().hash().equals(block)) {
      return true;
    }
    // round 0 is leaderless: any proposal of that round counts, not only the first we chose
    if (r == 0) {
      for (Signed<?> s : firstSeen.values()) {
        if (s.payload() instanceof ProposalPayload pp
            && pp.round() == 0
            && pp.block().hash().equals(block)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Whether validators holding a quorum signed a Vote for {@code block} in round {@code r}. */
  private boolean hasPolka(long r, Hash block) {
    List<Address> signers = new ArrayList<>();
    for (Signed<VotePayload> v : everyVote.getOrDefault(r, Set.of())) {
      if (block.equals(v.payload().blockHash())) {
        signers.add(v.address());
      }
    }
    return validators.isQuorum(signers);
  }

  /**
   * Sends the Votes of a quorum this node locked on (or made its valid block) on to every node, and
   * again with its own messages: a node locked in an earlier round needs them to see the quorum and
   * follow, and honest nodes otherwise send only what they signed themselves.
   */
  private void relayPolka(Map<Address, Signed<VotePayload>> roundVotes, Hash block, Instant now) {
    for (Signed<VotePayload> v : roundVotes.values()) {
      if (block.equals(v.payload().blockHash())
          && (key == null || !v.address().equals(key.address()))) {
        send(v.toJson(), now);
      }
    }
  }

  /** Rule 5: a Vote quorum for nothing: commit to nothing. */
  private boolean commitNil(Instant now) {
    if (step != Step.VOTE || !hasQuorum(votes.get(round), null)) {
      return false;
    }
    step = Step.COMMIT;
    sign(VotePayload.Phase.COMMIT, null, now);
    return true;
  }

  /** Rules 3 and 6: any quorum of Votes or Commits starts the step's clock. */
  private void scheduleStepTimeouts() {
    Map<Address, Signed<VotePayload>> rv = votes.get(round);
    if (step == Step.VOTE
        && rv != null
        && validators.isQuorum(rv.keySet())
        && voteTimeoutScheduled.add(round)) {
      outbox.schedule(new Timeout(height, round, Step.VOTE), timeouts.of(Step.VOTE, round));
    }
    Map<Address, Signed<VotePayload>> rc = commits.get(round);
    if (rc != null && validators.isQuorum(rc.keySet()) && commitTimeoutScheduled.add(round)) {
      outbox.schedule(new Timeout(height, round, Step.COMMIT), timeouts.of(Step.COMMIT, round));
    }
  }

  private boolean hasQuorum(Map<Address, Signed<VotePayload>> tally, Hash block) {
    if (tally == null) {
      return false;
    }
    List<Address> agreeing = new ArrayList<>();
    for (Signed<VotePayload> v : tally.values()) {
      if (Objects.equals(v.payload().blockHash(), block)) {
        agreeing.add(v.address());
      }
    }
    return validators.isQuorum(agreeing);
  }

  private boolean isValid(Block block) {
    return validity.computeIfAbsent(
        block.hash(),
        h -> {
          Result<?> r = app.validate(block);
          if (r instanceof Result.Refused<?> refused) {
            LOG.warning(() -> "block " + h + " is invalid: " + refused.reason());
            return false;
          }
          return true;
        });
  }

  /**
   * Signs a Vote or Commit for (height, round), or sends again what was signed for it before: a
   * validator never signs two different messages for one (height, round, phase).
   */
  private void sign(VotePayload.Phase phase, Hash block, Instant now) {
    if (key == null || !validators.isValidator(key.address())) {
      return;
    }
    Optional<JsonObject> already = safety.signed(height, round, phase.fqdn());
    Signed<VotePayload> vote;
    if (already.isPresent()) {
      vote = Signed.voteFromJson(already.get());
    } else {
      vote =
          Signed.sign(
              new VotePayload(phase, networkId, height, round, block, Timestamps.format(now)), key);
      safety.recordSigned(height, round, phase.fqdn(), vote.toJson());
    }
    firstSeen.putIfAbsent(key.address() + "/" + round + "/" + phase.fqdn(), vote);
    tally(vote);
    send(vote.toJson(), now);
  }

  private void send(JsonObject message, Instant now) {
    mine.add(message);
    lastBroadcast = now;
    outbox.broadcast(message);
  }
}
