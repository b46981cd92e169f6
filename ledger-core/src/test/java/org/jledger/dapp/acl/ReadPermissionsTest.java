package org.jledger.dapp.acl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jledger.dapp.Fixtures.ALICE;
import static org.jledger.dapp.Fixtures.BOB;
import static org.jledger.dapp.Fixtures.CAROL;
import static org.jledger.dapp.Fixtures.address;
import static org.jledger.dapp.Fixtures.json;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.jledger.dapp.Fixtures;
import org.jledger.dapp.demo.BalanceModel;
import org.jledger.state.State;
import org.jledger.state.StateKey;
import org.junit.jupiter.api.Test;

/**
 * Read permissions as the API applies them: callers from a directory (with mapped groups) and from
 * the ledger's own groups, filtering whole state answers and committed changes.
 */
class ReadPermissionsTest {

  private final String alice = address(ALICE); // a customer
  private final String bob = address(BOB); // a customer
  private final String carol = address(CAROL); // listed in the ledger's "clerks" group

  private final ReadPermissions permissions = new ReadPermissions(Fixtures.builtins());

  private final State head =
      state(
          Map.of(
              new StateKey(BalanceModel.FQDN, alice), BalanceModel.of(10),
              new StateKey(BalanceModel.FQDN, bob), BalanceModel.of(20),
              new StateKey(BalanceModel.FQDN, "branch_paris"), BalanceModel.of(30),
              new StateKey(AclGroupModel.FQDN, "clerks"), AclGroupModel.of(List.of(carol)),
              new StateKey(AclReadModel.FQDN, BalanceModel.FQDN),
                  json(
                      "{'_authenticated': ['_self'], 'auditor': ['_all'],"
                          + " 'clerks': ['^branch_.*$']}")));

  private static State state(Map<StateKey, JsonValue> entries) {
    return State.genesis("acl-test", new TreeMap<>(entries));
  }

  private JsonObject balancesSeenBy(Caller presented) {
    Caller caller = permissions.caller(presented, head);
    JsonObject models =
        head.toJson(null, permissions.readable(caller, head)).getJsonObject("models");
    return models.containsKey(BalanceModel.FQDN)
        ? models.getJsonObject(BalanceModel.FQDN)
        : JsonValue.EMPTY_JSON_OBJECT;
  }

  @Test
  void anAnonymousCallerSeesNoBalance() {
    assertThat(balancesSeenBy(Caller.ANONYMOUS)).isEmpty();
    assertThat(permissions.canRead(Caller.ANONYMOUS, BalanceModel.FQDN, alice, head)).isFalse();
  }

  @Test
  void aCustomerSeesOnlyItsOwnBalance() {
    assertThat(balancesSeenBy(Caller.authenticated(alice, Set.of())).keySet())
        .containsExactly(alice);
  }

  @Test
  void aDirectoryGroupMappedToAnAclGroupReadsEverything() {
    assertThat(balancesSeenBy(Caller.authenticated("audit-system", Set.of("auditor"))).keySet())
        .containsExactlyInAnyOrder(alice, bob, "branch_paris");
  }

  @Test
  void theLedgerGroupsOfTheCallersAddressAreAddedToItsDirectoryGroups() {
    Caller caller = permissions.caller(Caller.authenticated(carol, Set.of("tellers")), head);
    assertThat(caller.groups()).containsExactlyInAnyOrder("tellers", "clerks");
    assertThat(balancesSeenBy(Caller.authenticated(carol, Set.of())).keySet())
        .containsExactly("branch_paris");
  }

  @Test
  void modelsWithoutAReadAclStayReadableByEveryone() {
    JsonObject models =
        head.toJson(null, permissions.readable(Caller.ANONYMOUS, head)).getJsonObject("models");
    assertThat(models.getJsonObject(AclGroupModel.FQDN).keySet()).containsExactly("clerks");
  }

  @Test
  void committedChangesAreFilteredLikeAnswers() {
    Map<StateKey, Optional<JsonValue>> changes =
        Map.of(
            new StateKey(BalanceModel.FQDN, alice), Optional.of(BalanceModel.of(9)),
            new StateKey(BalanceModel.FQDN, bob), Optional.of(BalanceModel.of(21)),
            new StateKey(BalanceModel.FQDN, "branch_lyon"), Optional.empty());
    assertThat(
            permissions.filterChanges(Caller.authenticated(bob, Set.of()), changes, head).keySet())
        .containsExactly(new StateKey(BalanceModel.FQDN, bob));
    assertThat(
            permissions
                .filterChanges(
                    permissions.caller(Caller.authenticated(carol, Set.of()), head), changes, head)
                .keySet())
        .containsExactly(new StateKey(BalanceModel.FQDN, "branch_lyon"));
  }
}
