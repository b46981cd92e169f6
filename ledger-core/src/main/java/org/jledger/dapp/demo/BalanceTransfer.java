package org.jledger.dapp.demo;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jledger.dapp.MutableStateSlice;
import org.jledger.dapp.StateSlice;
import org.jledger.dapp.Transform;
import org.jledger.dapp.TransformName;
import org.jledger.dapp.TransformRejectedException;
import org.jledger.encoding.CanonicalJson;

/**
 * Moves {@code amount} from {@code sender}'s balance to {@code receiver}'s; the sender must sign.
 *
 * <p>Refusals: {@code invalid_amount} (amount not above 0), {@code invalid_address} (either address
 * malformed), {@code self_transfer} (sender = receiver), {@code insufficient_funds} (the sender's
 * balance is less than the amount), {@code balance_overflow} (the receiver's balance would pass
 * 2^53-1). {@link #apply} checks them all again against the state it runs on.
 */
@TransformName(
    value = "demo.BalanceTransfer",
    aliases = {"plug_demo.balance.BalanceTransfer", "plug.builtin.BalanceTransfer"})
public record BalanceTransfer(String sender, String receiver, long amount) implements Transform {

  public BalanceTransfer {
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(receiver, "receiver");
  }

  @Override
  public Set<String> requiredAuthorizations() {
    return Set.of(sender);
  }

  @Override
  public Set<String> requiredModels() {
    return Set.of(BalanceModel.FQDN);
  }

  @Override
  public Set<String> requiredKeys() {
    return Set.copyOf(List.of(sender, receiver));
  }

  @Override
  public void verify(StateSlice slice) {
    check(slice);
  }

  @Override
  public void apply(MutableStateSlice slice) {
    long[] balances = check(slice);
    slice.put(BalanceModel.FQDN, sender, BalanceModel.of(balances[0] - amount));
    slice.put(BalanceModel.FQDN, receiver, BalanceModel.of(balances[1] + amount));
  }

  /** The sender's and receiver's balances, once every rule holds. */
  private long[] check(StateSlice slice) {
    if (amount <= 0) {
      throw new TransformRejectedException(
          "invalid_amount", "amount must be greater than 0, got " + amount);
    }
    Transform.requireAddress("sender", sender);
    Transform.requireAddress("receiver", receiver);
    if (sender.equals(receiver)) {
      throw new TransformRejectedException(
          "self_transfer", "sender and receiver are the same address " + sender);
    }
    long from = BalanceModel.balance(slice.get(BalanceModel.FQDN, sender));
    long to = BalanceModel.balance(slice.get(BalanceModel.FQDN, receiver));
    if (from < amount) {
      throw new TransformRejectedException(
          "insufficient_funds",
          "balance " + from + " of " + sender + " is less than amount " + amount);
    }
    if (to > CanonicalJson.MAX_SAFE_INTEGER - amount) {
      throw new TransformRejectedException(
          "balance_overflow",
          "balance " + to + " of " + receiver + " plus amount " + amount + " exceeds 2^53-1");
    }
    return new long[] {from, to};
  }
}
