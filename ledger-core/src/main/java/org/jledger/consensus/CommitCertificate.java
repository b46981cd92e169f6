package org.jledger.consensus;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jledger.Result;
import org.jledger.crypto.Address;
import org.jledger.encoding.Hash;

/**
 * Checks a block's commit certificate: {@code Commit} messages for the block's hash, at its height
 * and network, validly signed by distinct validators of the given set that together hold a quorum
 * of voting power in one round. Messages that do not count (another block, a non-validator, a bad
 * signature) make the certificate invalid: a certificate carries only what it needs.
 */
public final class CommitCertificate {

  private CommitCertificate() {}

  /** Sorts a certificate by address, the order in which it is hashed and stored. */
  public static List<Signed<VotePayload>> sorted(List<Signed<VotePayload>> commits) {
    List<Signed<VotePayload>> copy = new ArrayList<>(commits);
    copy.sort(Comparator.comparing(Signed::address));
    return copy;
  }

  /** Checks {@code commits} as the certificate of block {@code blockHash} at {@code height}. */
  public static Result<Long> check(
      List<Signed<VotePayload>> commits,
      String networkId,
      long height,
      Hash blockHash,
      ValidatorSet validators) {
    if (commits.isEmpty()) {
      return Result.refused("invalid_certificate", "the certificate holds no commit");
    }
    Set<Address> seen = new HashSet<>();
    Map<Long, List<Address>> byRound = new TreeMap<>();
    for (Signed<VotePayload> c : commits) {
      VotePayload p = c.payload();
      String who = "commit by " + c.address();
      if (p.phase() != VotePayload.Phase.COMMIT) {
        return Result.refused("invalid_certificate", who + " is a " + p.fqdn() + ", not a Commit");
      }
      if (!p.networkId().equals(networkId) || p.height() != height) {
        return Result.refused(
            "invalid_certificate", who + " is for another network or height " + p.height());
      }
      if (!blockHash.equals(p.blockHash())) {
        return Result.refused("invalid_certificate", who + " is for another block");
      }
      if (!validators.isValidator(c.address())) {
        return Result.refused("invalid_certificate", who + ": not a validator at this height");
      }
      if (!seen.add(c.address())) {
        return Result.refused("invalid_certificate", who + " appears twice");
      }
      if (!c.hasValidSignature()) {
        return Result.refused("invalid_certificate", who + ": the signature does not verify");
      }
      byRound.computeIfAbsent(p.round(), r -> new ArrayList<>()).add(c.address());
    }
    for (Map.Entry<Long, List<Address>> e : byRound.entrySet()) {
      if (validators.isQuorum(e.getValue())) {
        return Result.ok(e.getKey());
      }
    }
    return Result.refused(
        "invalid_certificate",
        "the commits hold "
            + validators.powerOf(seen)
            + " of "
            + validators.totalPower()
            + " voting power in no single round reaching the quorum of "
            + validators.quorum()
            + "%");
  }
}
