package org.jledger.dapp.acl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jledger.dapp.Fixtures.ALICE;
import static org.jledger.dapp.Fixtures.BOB;
import static org.jledger.dapp.Fixtures.CAROL;
import static org.jledger.dapp.Fixtures.DAVE;
import static org.jledger.dapp.Fixtures.ERIN;
import static org.jledger.dapp.Fixtures.address;
import static org.jledger.dapp.Fixtures.json;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jledger.dapp.DApps;
import org.jledger.dapp.Fixtures;
import org.jledger.dapp.MapState;
import org.jledger.dapp.demo.BalanceModel;
import org.jledger.dapp.system.VotingPowerModel;
import org.junit.jupiter.api.Test;

/**
 * The ACL example of the Plug documentation (section 6.3), case by case, then the rules that the
 * example does not pin down.
 */
class AclPolicyTest {

  private final String alice = address(ALICE); // admin
  private final String bob = address(BOB); // admin
  private final String carol = address(CAROL); // staff
  private final String dave = address(DAVE); // foo_x
  private final String erin = address(ERIN); // in no group

  private final DApps dapps = Fixtures.builtins();
  private final MapState state = plugExample();
  private final AclPolicy policy =
      new AclPolicy(dapps, GroupDirectory.listing(s -> ((MapState) s).entries(AclGroupModel.FQDN)));

  /** The example's initial state, with real addresses (and a staff and a foo_x group). */
  private MapState plugExample() {
    return new MapState()
        .put(BalanceModel.FQDN, alice, BalanceModel.of(1000))
        .put(BalanceModel.FQDN, bob, BalanceModel.of(4242))
        .put(AclGroupModel.FQDN, "admin", AclGroupModel.of(List.of(alice, bob)))
        .put(AclGroupModel.FQDN, "staff", AclGroupModel.of(List.of(carol)))
        .put(AclGroupModel.FQDN, "foo_x", AclGroupModel.of(List.of(dave)))
        .put(
            AclReadModel.FQDN,
            "demo.BalanceModel",
            json(
                "{'_anonymous': ['_none'], '_authenticated': ['_self'], 'admin|staff': ['_all'],"
                    + " '^foo_.*$': ['^foo_.*$', '^bar_.*$']}"))
        .put(
            AclReadModel.FQDN,
            "plug.model.VotingPowerModel",
            json("{'_anonymous': ['_none'], '_authenticated': ['_none']}"))
        .put(AclWriteModel.FQDN, "demo.BalanceTransfer", json("{'sender': ['admin']}"))
        .put(AclWriteModel.FQDN, "plug.ext.acl.ACLWriteTransform", json("{'author': ['admin']}"))
        .put(AclWriteModel.FQDN, "plug.ext.acl.ACLReadTransform", json("{'author': ['admin']}"));
  }

  private Caller caller(String address) {
    return policy.caller(address, state);
  }

  private boolean readsBalance(Caller caller, String key) {
    return policy.canRead(caller, BalanceModel.FQDN, key, state);
  }

  private Optional<String> write(String transformJson) {
    JsonObject json = json(transformJson);
    return policy.checkWrite(dapps.bind(json), json, state);
  }

  private String transfer(String sender) {
    return "{'fqdn': 'demo.BalanceTransfer', 'sender': '"
        + sender
        + "', 'receiver': '"
        + erin
        + "', 'amount': 1}";
  }

  // ---- the example, one case at a time ----

  @Test
  void callersGetTheGroupsThatListThem() {
    assertThat(caller(alice).groups()).containsExactly("admin");
    assertThat(caller(dave).groups()).containsExactly("foo_x");
    assertThat(caller(erin).groups()).isEmpty();
    assertThat(caller(erin).authenticated()).isTrue();
  }

  @Test
  void anonymousCallersCannotReadAnyBalance() {
    for (String key : List.of(alice, bob, erin, "foo_1", "bar_1")) {
      assertThat(readsBalance(Caller.ANONYMOUS, key)).as(key).isFalse();
    }
  }

  @Test
  void anAuthenticatedCallerReadsItsOwnBalanceOnly() {
    assertThat(readsBalance(caller(erin), erin)).isTrue();
    assertThat(readsBalance(caller(erin), alice)).isFalse();
    assertThat(readsBalance(caller(erin), "foo_1")).isFalse();
  }

  @Test
  void adminsReadEveryBalance() {
    for (String key : List.of(alice, bob, carol, erin, "foo_1", "anything")) {
      assertThat(readsBalance(caller(alice), key)).as(key).isTrue();
      assertThat(readsBalance(caller(bob), key)).as(key).isTrue();
    }
  }

  @Test
  void staffReadEveryBalanceLikeAdmins() {
    for (String key : List.of(alice, bob, erin, "foo_1", "anything")) {
      assertThat(readsBalance(caller(carol), key)).as(key).isTrue();
    }
  }

  @Test
  void aFooGroupMemberReadsFooAndBarKeysOnly() {
    Caller fooX = caller(dave);
    assertThat(readsBalance(fooX, "foo_1")).isTrue();
    assertThat(readsBalance(fooX, "bar_2")).isTrue();
    assertThat(readsBalance(fooX, "baz_3")).isFalse();
    assertThat(readsBalance(fooX, "xfoo_1")).isFalse();
    assertThat(readsBalance(fooX, alice)).isFalse();
    assertThat(readsBalance(fooX, dave)).as("its own key, as any authenticated caller").isTrue();
  }

  @Test
  void votingPowerIsReadableByNobodyInTheExample() {
    for (Caller c : List.of(Caller.ANONYMOUS, caller(erin), caller(alice))) {
      assertThat(policy.canRead(c, VotingPowerModel.FQDN, alice, state)).isFalse();
    }
  }

  @Test
  void onlyAdminsMayRunBalanceTransfer() {
    assertThat(write(transfer(alice))).isEmpty();
    assertThat(write(transfer(bob))).isEmpty();
    assertThat(write(transfer(carol)))
        .hasValueSatisfying(
            reason ->
                assertThat(reason)
                    .contains(carol, "field 'sender'", "demo.BalanceTransfer", "allowed: admin"));
    assertThat(write(transfer(erin).replace("'receiver': '" + erin, "'receiver': '" + alice)))
        .isPresent();
  }

  @Test
  void onlyAdminsMayRunTheAclTransforms() {
    String setWrite =
        "{'fqdn': 'plug.ext.acl.ACLWriteTransform', 'author': '%s',"
            + " 'transform': 'demo.UpdatePerson', 'rules': {'person': ['_all']}}";
    String setRead =
        "{'fqdn': 'plug.ext.acl.ACLReadTransform', 'author': '%s',"
            + " 'model': 'demo.PersonModel', 'rules': {'_anonymous': ['_all']}}";
    for (String template : List.of(setWrite, setRead)) {
      assertThat(write(template.formatted(alice))).isEmpty();
      assertThat(write(template.formatted(carol))).get().asString().contains("field 'author'");
      assertThat(write(template.formatted(erin))).isPresent();
    }
  }

  // ---- rules the example leaves open ----

  @Test
  void aModelWithoutAReadEntryIsReadableByEveryone() {
    assertThat(policy.canRead(Caller.ANONYMOUS, "demo.PersonModel", alice, state)).isTrue();
    state.put(AclReadModel.FQDN, "demo.PersonModel", json("{}"));
    assertThat(policy.canRead(Caller.ANONYMOUS, "demo.PersonModel", alice, state)).isTrue();
  }

  @Test
  void aTransformWithoutAWriteEntryMayBeRunByAnyone() {
    assertThat(
            write("{'fqdn': 'demo.UpdatePerson', 'person': '" + erin + "', 'data': {'name': 'E'}}"))
        .isEmpty();
  }

  @Test
  void withoutAnEntryForTheGroupTransformAnyoneCouldJoinAnyGroup() {
    String join =
        "{'fqdn': 'plug.ext.acl.ACLGroupTransform', 'author': '"
            + erin
            + "', 'group': 'admin', 'add': ['"
            + erin
            + "']}";
    assertThat(write(join)).isEmpty();
    state.put(AclWriteModel.FQDN, "plug.ext.acl.ACLGroupTransform", json("{'author': ['admin']}"));
    assertThat(write(join)).isPresent();
  }

  @Test
  void theMostPermissiveMatchingRuleWinsAndNoneGrantsNothing() {
    state.put(
        AclReadModel.FQDN,
        "demo.PersonModel",
        json("{'admin': ['_none'], '_authenticated': ['_self'], '_anonymous': ['^pub_.*$']}"));
    assertThat(policy.canRead(caller(alice), "demo.PersonModel", alice, state))
        .as("_none for admin does not take _self away")
        .isTrue();
    assertThat(policy.canRead(caller(alice), "demo.PersonModel", bob, state)).isFalse();
    assertThat(policy.canRead(caller(alice), "demo.PersonModel", "pub_1", state))
        .as("what anonymous callers may read, anyone may read")
        .isTrue();
    assertThat(policy.canRead(Caller.ANONYMOUS, "demo.PersonModel", "pub_1", state)).isTrue();
    assertThat(policy.canRead(Caller.ANONYMOUS, "demo.PersonModel", alice, state)).isFalse();
  }

  @Test
  void aModelNamedByAliasIsGuardedByTheSameEntry() {
    assertThat(policy.canRead(Caller.ANONYMOUS, "plug_demo.balance.BalanceModel", alice, state))
        .isFalse();
    assertThat(policy.canRead(caller(alice), "plug.builtin.BalanceModel", bob, state)).isTrue();
  }

  @Test
  void anEntryStoredUnderAnAliasAppliesAsWell() {
    state.put(AclReadModel.FQDN, "plug.builtin.BalanceModel", json("{'admin': ['_all']}"));
    assertThat(readsBalance(caller(carol), alice)).as("staff is not admin").isFalse();
    assertThat(readsBalance(caller(alice), bob)).isTrue();
    state.put(
        AclWriteModel.FQDN, "plug_demo.balance.BalanceTransfer", json("{'sender': ['_none']}"));
    assertThat(write(transfer(alice))).isPresent();
  }

  @Test
  void aTransactionNamingTheTransformByAliasIsCheckedAllTheSame() {
    assertThat(
            write(
                transfer(carol)
                    .replace("demo.BalanceTransfer", "plug_demo.balance.BalanceTransfer")))
        .isPresent();
  }

  @Test
  void writeItemsMayBeAllNoneAlternativesOrPatterns() {
    String update = "{'fqdn': 'demo.UpdatePerson', 'person': '%s', 'data': {'name': 'x'}}";
    state.put(AclWriteModel.FQDN, "demo.UpdatePerson", json("{'person': ['_all']}"));
    assertThat(write(update.formatted(erin))).isEmpty();
    state.put(AclWriteModel.FQDN, "demo.UpdatePerson", json("{'person': ['_none']}"));
    assertThat(write(update.formatted(alice))).isPresent();
    state.put(AclWriteModel.FQDN, "demo.UpdatePerson", json("{'person': ['nobody|staff']}"));
    assertThat(write(update.formatted(carol))).isEmpty();
    assertThat(write(update.formatted(alice))).isPresent();
    state.put(AclWriteModel.FQDN, "demo.UpdatePerson", json("{'person': ['^foo_.*$']}"));
    assertThat(write(update.formatted(dave))).isEmpty();
    assertThat(write(update.formatted(alice))).isPresent();
  }

  @Test
  void aWriteRuleOnAFieldThatHoldsNoAddressRefuses() {
    state.put(AclWriteModel.FQDN, "demo.UpdatePerson", json("{'data': ['_all']}"));
    assertThat(write("{'fqdn': 'demo.UpdatePerson', 'person': '" + alice + "', 'data': {'n': 1}}"))
        .get()
        .asString()
        .contains("field 'data'", "must hold an address");
    state.put(AclWriteModel.FQDN, "demo.UpdatePerson", json("{'owner': ['_all']}"));
    assertThat(write("{'fqdn': 'demo.UpdatePerson', 'person': '" + alice + "', 'data': {'n': 1}}"))
        .get()
        .asString()
        .contains("field 'owner'", "missing");
  }

  @Test
  void malformedEntriesFailClosed() {
    state.put(AclReadModel.FQDN, "demo.PersonModel", json("{'_anonymous': '_all'}"));
    assertThat(policy.canRead(caller(alice), "demo.PersonModel", alice, state)).isFalse();
    state.put(AclReadModel.FQDN, "demo.PersonModel", json("{'_anonymous': ['^(unclosed$']}"));
    assertThat(policy.canRead(caller(alice), "demo.PersonModel", "(unclosed", state)).isFalse();
    state.put(AclReadModel.FQDN, "demo.PersonModel", json("{'_anonymous': ['everything']}"));
    assertThat(policy.canRead(caller(alice), "demo.PersonModel", "everything", state)).isFalse();
    state.put(AclReadModel.FQDN, "demo.PersonModel", JsonValue.TRUE);
    assertThat(policy.canRead(caller(alice), "demo.PersonModel", alice, state)).isFalse();
    state.put(AclWriteModel.FQDN, "demo.BalanceTransfer", json("{'sender': 'admin'}"));
    assertThat(write(transfer(alice))).get().asString().contains("malformed");
  }

  @Test
  void aCallersGroupsAreTakenAsTheAuthenticatingAdapterGaveThem() {
    Caller claimsAdmin = Caller.authenticated(erin, Set.of("admin"));
    assertThat(readsBalance(claimsAdmin, alice))
        .as("a Caller is what the authenticating adapter asserts")
        .isTrue();
    assertThat(readsBalance(caller(erin), alice)).isFalse();
  }
}
