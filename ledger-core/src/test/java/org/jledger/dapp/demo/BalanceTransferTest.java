package org.jledger.dapp.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jledger.dapp.Fixtures.ALICE;
import static org.jledger.dapp.Fixtures.BOB;
import static org.jledger.dapp.Fixtures.CAROL;
import static org.jledger.dapp.Fixtures.address;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jledger.InvalidInputException;
import org.jledger.dapp.DApps;
import org.jledger.dapp.Fixtures;
import org.jledger.dapp.MapState;
import org.jledger.dapp.MutableStateSlice;
import org.jledger.dapp.TransformRejectedException;
import org.jledger.encoding.CanonicalJson;
import org.jledger.state.StateKey;
import org.junit.jupiter.api.Test;

class BalanceTransferTest {

  private final DApps dapps = Fixtures.builtins();
  private final String alice = address(ALICE);
  private final String bob = address(BOB);
  private final MapState state = new MapState().put(BalanceModel.FQDN, alice, BalanceModel.of(100));

  private MutableStateSlice applied(BalanceTransfer t) {
    MutableStateSlice slice = dapps.mutableSlice(t, state);
    t.apply(slice);
    return slice;
  }

  private void assertRefused(BalanceTransfer t, String code, String message) {
    assertThatThrownBy(() -> t.verify(dapps.slice(t, state)))
        .isInstanceOf(TransformRejectedException.class)
        .satisfies(e -> assertThat(((InvalidInputException) e).code()).isEqualTo(code))
        .hasMessageContaining(message);
    MutableStateSlice slice = dapps.mutableSlice(t, state);
    assertThatThrownBy(() -> t.apply(slice))
        .isInstanceOf(TransformRejectedException.class)
        .satisfies(e -> assertThat(((InvalidInputException) e).code()).isEqualTo(code));
    assertThat(slice.writes()).isEmpty();
  }

  @Test
  void theSenderMustSignAndBothBalancesAreDeclared() {
    BalanceTransfer t = new BalanceTransfer(alice, bob, 10);
    assertThat(t.requiredAuthorizations()).containsExactly(alice);
    assertThat(t.requiredModels()).containsExactly("demo.BalanceModel");
    assertThat(t.requiredKeys()).isEqualTo(Set.of(alice, bob));
    assertThat(t.fqdn()).isEqualTo("demo.BalanceTransfer");
  }

  @Test
  void aTransferMovesTheAmountFromSenderToReceiver() {
    BalanceTransfer t = new BalanceTransfer(alice, bob, 10);
    assertThatCode(() -> t.verify(dapps.slice(t, state))).doesNotThrowAnyException();
    assertThat(applied(t).writes())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                new StateKey(BalanceModel.FQDN, alice), Optional.of(BalanceModel.of(90)),
                new StateKey(BalanceModel.FQDN, bob), Optional.of(BalanceModel.of(10))));
  }

  @Test
  void theWholeBalanceMayBeSent() {
    assertThat(applied(new BalanceTransfer(alice, bob, 100)).writes())
        .containsEntry(new StateKey(BalanceModel.FQDN, alice), Optional.of(BalanceModel.of(0)));
  }

  @Test
  void transferOfMoreThanTheBalanceIsRefused() {
    assertRefused(
        new BalanceTransfer(alice, bob, 150),
        "insufficient_funds",
        "balance 100 of " + alice + " is less than amount 150");
  }

  @Test
  void aSenderWithoutAnAccountHasNothingToSend() {
    assertRefused(
        new BalanceTransfer(address(CAROL), bob, 1),
        "insufficient_funds",
        "balance 0 of " + address(CAROL) + " is less than amount 1");
  }

  @Test
  void aZeroOrNegativeAmountIsRefused() {
    assertRefused(
        new BalanceTransfer(alice, bob, 0),
        "invalid_amount",
        "amount must be greater than 0, got 0");
    assertRefused(new BalanceTransfer(alice, bob, -5), "invalid_amount", "got -5");
  }

  @Test
  void malformedAddressesAreRefusedNamingTheField() {
    assertRefused(
        new BalanceTransfer(alice, "1NotAnAddress", 1), "invalid_address", "field 'receiver'");
    String badChecksum = alice.substring(0, alice.length() - 1) + (alice.endsWith("a") ? "b" : "a");
    assertRefused(new BalanceTransfer(badChecksum, bob, 1), "invalid_address", "field 'sender'");
  }

  @Test
  void sendingToOneselfIsRefused() {
    assertRefused(new BalanceTransfer(alice, alice, 1), "self_transfer", "the same address");
  }

  @Test
  void aReceiverBalancePastTheCanonicalRangeIsRefused() {
    state.put(BalanceModel.FQDN, bob, BalanceModel.of(CanonicalJson.MAX_SAFE_INTEGER - 5));
    assertRefused(new BalanceTransfer(alice, bob, 6), "balance_overflow", "exceeds 2^53-1");
    assertThat(applied(new BalanceTransfer(alice, bob, 5)).writes())
        .containsEntry(
            new StateKey(BalanceModel.FQDN, bob),
            Optional.of(BalanceModel.of(CanonicalJson.MAX_SAFE_INTEGER)));
  }

  @Test
  void applyChecksTheFundsAgainstTheStateItRunsOn() {
    BalanceTransfer t = new BalanceTransfer(alice, bob, 80);
    t.verify(dapps.slice(t, state));
    state.apply(applied(new BalanceTransfer(alice, address(CAROL), 50)).writes());
    MutableStateSlice later = dapps.mutableSlice(t, state);
    assertThatThrownBy(() -> t.apply(later))
        .isInstanceOf(TransformRejectedException.class)
        .hasMessageContaining("balance 50 of " + alice + " is less than amount 80");
  }

  @Test
  void aStoredBalanceThatBreaksTheSchemaIsReportedNotMisread() {
    state.put(BalanceModel.FQDN, alice, Fixtures.json("{'balance': '100'}"));
    assertRefused(
        new BalanceTransfer(alice, bob, 1),
        "schema_violation",
        "demo.BalanceModel: field 'balance' must be an integer");
  }

  @Test
  void theBalanceModelRefusesNegativeBalancesAndOtherFields() {
    BalanceModel model = new BalanceModel();
    assertThatThrownBy(() -> model.validate(BalanceModel.of(-1)))
        .hasMessageContaining("field 'balance' must be at least 0");
    assertThatThrownBy(() -> model.validate(Fixtures.json("{'balance': 1, 'owner': 'x'}")))
        .hasMessageContaining("field 'owner' is not allowed");
    assertThat(model.defaultValue()).isEqualTo(BalanceModel.of(0));
    assertThat(model.aliases()).contains("plug_demo.balance.BalanceModel");
  }

  @Test
  void theSignedTransactionOfTheDesignVectorsBindsAndApplies() {
    var vector = org.jledger.support.Vectors.all().getJsonObject("transaction");
    var transform = vector.getJsonObject("transaction").getJsonObject("transform");
    BalanceTransfer t = (BalanceTransfer) dapps.bind(transform);
    assertThat(t.amount()).isEqualTo(10);
    MapState genesis =
        new MapState()
            .put(BalanceModel.FQDN, t.sender(), BalanceModel.of(100))
            .put(BalanceModel.FQDN, t.receiver(), BalanceModel.of(100));
    MutableStateSlice slice = dapps.mutableSlice(t, genesis);
    t.apply(slice);
    assertThat(slice.get(BalanceModel.FQDN, t.sender())).isEqualTo(BalanceModel.of(90));
    assertThat(slice.get(BalanceModel.FQDN, t.receiver())).isEqualTo(BalanceModel.of(110));
  }
}
