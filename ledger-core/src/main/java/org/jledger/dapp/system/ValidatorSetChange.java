package org.jledger.dapp.system;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.jledger.dapp.GovernanceTransform;
import org.jledger.dapp.MutableStateSlice;
import org.jledger.dapp.StateSlice;
import org.jledger.dapp.Transform;
import org.jledger.dapp.TransformName;
import org.jledger.dapp.TransformRejectedException;
import org.jledger.dapp.ValidatorPower;
import org.jledger.encoding.CanonicalJson;

/**
 * A validator's approval of a validator-set change: add a validator, remove one (power 0), or
 * re-weight. {@code validator} must sign and must hold voting power. Every validator that approves
 * the same {@code proposal} id sends the same {@code changes}; the approval that brings the
 * approvers' voting power to a quorum writes the changes into {@code plug.model.VotingPowerModel},
 * so the new validator set decides the next height. Until then the approvals wait in {@link
 * ValidatorSetProposalModel}.
 *
 * <pre>{@code
 * {"fqdn": "plug.transform.ValidatorSetChange", "validator": "1Val..", "proposal": "add-node-4",
 *  "changes": {"1New..": 10}}
 * }</pre>
 *
 * <p>Quorum and voting power are those of the state the approval is applied to, so an approval by a
 * validator that has since lost its power no longer counts. Refusals: {@code invalid_address},
 * {@code invalid_proposal} (an empty or over-long id, no changes, a negative power), {@code
 * not_validator} (the signer holds no voting power), {@code proposal_mismatch} (the id is pending
 * with other changes), {@code already_approved}, {@code no_validators_left} (the change would leave
 * no voting power).
 */
@TransformName(
    value = ValidatorSetChange.FQDN,
    aliases = {"plug.transform.VotingPowerTransfer"})
public record ValidatorSetChange(String validator, String proposal, Map<String, Long> changes)
    implements GovernanceTransform {

  public static final String FQDN = "plug.transform.ValidatorSetChange";

  /** The longest proposal id. */
  public static final int MAX_PROPOSAL_LENGTH = 128;

  public ValidatorSetChange {
    Objects.requireNonNull(validator, "validator");
    Objects.requireNonNull(proposal, "proposal");
    changes = Map.copyOf(changes);
  }

  @Override
  public Set<String> requiredAuthorizations() {
    return Set.of(validator);
  }

  @Override
  public Set<String> requiredModels() {
    return Set.of(VotingPowerModel.FQDN, ValidatorSetProposalModel.FQDN);
  }

  @Override
  public Set<String> requiredKeys() {
    Set<String> keys = new HashSet<>(changes.keySet());
    keys.add(proposal);
    return keys;
  }

  @Override
  public void verify(StateSlice slice, ValidatorPower validators) {
    check(slice, validators);
  }

  @Override
  public void apply(MutableStateSlice slice, ValidatorPower validators) {
    ValidatorSetProposalModel.Proposal approved = check(slice, validators).approvedBy(validator);
    if (!validators.isQuorum(approved.approvals())) {
      slice.put(ValidatorSetProposalModel.FQDN, proposal, approved.toJson());
      return;
    }
    slice.remove(ValidatorSetProposalModel.FQDN, proposal);
    new TreeMap<>(changes)
        .forEach(
            (address, power) -> {
              if (power == 0) {
                slice.remove(VotingPowerModel.FQDN, address);
              } else {
                slice.put(
                    VotingPowerModel.FQDN, address, CanonicalJson.PROVIDER.createValue(power));
              }
            });
  }

  /** The proposal as it stands before this approval, once every rule holds. */
  private ValidatorSetProposalModel.Proposal check(StateSlice slice, ValidatorPower validators) {
    Transform.requireAddress("validator", validator);
    if (proposal.isEmpty() || proposal.length() > MAX_PROPOSAL_LENGTH) {
      throw invalid("the proposal id must have 1 to " + MAX_PROPOSAL_LENGTH + " characters");
    }
    if (changes.isEmpty()) {
      throw invalid("changes must name at least one address");
    }
    long total = validators.totalPower();
    for (Map.Entry<String, Long> c : new TreeMap<>(changes).entrySet()) {
      Transform.requireAddress("changes." + c.getKey(), c.getKey());
      if (c.getValue() < 0) {
        throw invalid(
            "voting power must not be negative, got " + c.getValue() + " for " + c.getKey());
      }
      total = Math.addExact(total - validators.powerOf(c.getKey()), c.getValue());
    }
    if (validators.powerOf(validator) == 0) {
      throw new TransformRejectedException(
          "not_validator", validator + " holds no voting power and cannot approve a change");
    }
    if (total == 0) {
      throw new TransformRejectedException(
          "no_validators_left", "the change would leave the network without voting power");
    }
    if (!slice.contains(ValidatorSetProposalModel.FQDN, proposal)) {
      return new ValidatorSetProposalModel.Proposal(changes, List.of());
    }
    ValidatorSetProposalModel.Proposal pending =
        ValidatorSetProposalModel.Proposal.of(slice.get(ValidatorSetProposalModel.FQDN, proposal));
    if (!pending.changes().equals(changes)) {
      throw new TransformRejectedException(
          "proposal_mismatch",
          "proposal '" + proposal + "' is pending with other changes: " + pending.changes());
    }
    if (pending.approvals().contains(validator)) {
      throw new TransformRejectedException(
          "already_approved", validator + " has already approved proposal '" + proposal + "'");
    }
    return pending;
  }

  private static TransformRejectedException invalid(String reason) {
    return new TransformRejectedException("invalid_proposal", reason);
  }
}
