package org.jledger.consensus;

import jakarta.json.JsonNumber;
import jakarta.json.JsonValue;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jledger.InvalidInputException;
import org.jledger.crypto.Address;
import org.jledger.dapp.ValidatorPower;

/**
 * The validators of one height and their voting power, read from {@code
 * plug.model.VotingPowerModel} in the state the height builds on, with the network's quorum
 * percentage. A set of validators is a quorum when {@code 100 * power >= quorum * total}.
 */
public final class ValidatorSet {

  public static final String VOTING_POWER_MODEL = "plug.model.VotingPowerModel";

  private final Map<Address, Long> power;
  private final long total;
  private final int quorum;

  public ValidatorSet(Map<Address, Long> power, int quorum) {
    if (quorum <= 50 || quorum > 100) {
      throw new InvalidInputException(
          "invalid_quorum", "quorum must be more than 50 and at most 100, got " + quorum);
    }
    TreeMap<Address, Long> copy = new TreeMap<>();
    long sum = 0;
    for (Map.Entry<Address, Long> e : power.entrySet()) {
      if (e.getValue() < 0) {
        throw new InvalidInputException(
            "invalid_voting_power", "voting power of " + e.getKey() + " is negative");
      }
      if (e.getValue() > 0) {
        copy.put(e.getKey(), e.getValue());
        sum = Math.addExact(sum, e.getValue());
      }
    }
    this.power = Collections.unmodifiableMap(copy);
    this.total = sum;
    this.quorum = quorum;
  }

  /**
   * Reads the entries of {@code VotingPowerModel} (address -> integer voting power); a non-integer
   * or negative value is refused.
   */
  public static ValidatorSet fromEntries(Map<String, JsonValue> entries, int quorum) {
    Map<Address, Long> power = new TreeMap<>();
    for (Map.Entry<String, JsonValue> e : entries.entrySet()) {
      if (!(e.getValue() instanceof JsonNumber n) || !n.isIntegral()) {
        throw new InvalidInputException(
            "invalid_voting_power",
            VOTING_POWER_MODEL + "[" + e.getKey() + "] must be an integer, got " + e.getValue());
      }
      power.put(Address.parse(e.getKey()), n.longValueExact());
    }
    return new ValidatorSet(power, quorum);
  }

  /** Validators with positive voting power, by address. */
  public Map<Address, Long> power() {
    return power;
  }

  public long powerOf(Address address) {
    return power.getOrDefault(address, 0L);
  }

  public boolean isValidator(Address address) {
    return power.containsKey(address);
  }

  public long totalPower() {
    return total;
  }

  public int quorum() {
    return quorum;
  }

  /** The summed voting power of the distinct validators among {@code addresses}. */
  public long powerOf(Collection<Address> addresses) {
    long sum = 0;
    for (Address a : new HashSet<>(addresses)) {
      sum += powerOf(a);
    }
    return sum;
  }

  /** Whether the distinct validators among {@code addresses} hold a quorum. */
  public boolean isQuorum(Collection<Address> addresses) {
    return total > 0 && 100 * powerOf(addresses) >= (long) quorum * total;
  }

  /** Whether the network tolerates Byzantine validators (quorum >= 67) or crashes only. */
  public boolean isByzantineFaultTolerant() {
    return quorum >= 67;
  }

  public Set<Address> addresses() {
    return power.keySet();
  }

  /** This set as a governance transform sees it, addresses as strings. */
  public ValidatorPower asValidatorPower() {
    return new ValidatorPower() {
      @Override
      public long powerOf(String address) {
        return power.getOrDefault(Address.parse(address), 0L);
      }

      @Override
      public long totalPower() {
        return total;
      }

      @Override
      public boolean isQuorum(Collection<String> addresses) {
        return ValidatorSet.this.isQuorum(addresses.stream().map(Address::parse).toList());
      }
    };
  }
}
