package org.jledger.dapp.acl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jledger.dapp.Fixtures.ALICE;
import static org.jledger.dapp.Fixtures.BOB;
import static org.jledger.dapp.Fixtures.CAROL;
import static org.jledger.dapp.Fixtures.address;
import static org.jledger.dapp.Fixtures.json;

import jakarta.json.JsonObject;
import java.util.List;
import java.util.Optional;
import org.jledger.InvalidInputException;
import org.jledger.dapp.DApps;
import org.jledger.dapp.Fixtures;
import org.jledger.dapp.MapState;
import org.jledger.dapp.MutableStateSlice;
import org.jledger.dapp.Transform;
import org.jledger.dapp.TransformRejectedException;
import org.junit.jupiter.api.Test;

class AclTransformsTest {

  private final String alice = address(ALICE);
  private final String bob = address(BOB);
  private final String carol = address(CAROL);
  private final DApps dapps = Fixtures.builtins();
  private final MapState state = new MapState();

  private void run(Transform t) {
    t.verify(dapps.slice(t, state));
    MutableStateSlice slice = dapps.mutableSlice(t, state);
    t.apply(slice);
    state.apply(slice.writes());
  }

  private void assertRefused(Transform t, String code, String message) {
    assertThatThrownBy(() -> t.verify(dapps.slice(t, state)))
        .isInstanceOf(TransformRejectedException.class)
        .satisfies(e -> assertThat(((InvalidInputException) e).code()).isEqualTo(code))
        .hasMessageContaining(message);
    assertThatThrownBy(() -> t.apply(dapps.mutableSlice(t, state)))
        .isInstanceOf(TransformRejectedException.class);
  }

  private AclGroupTransform group(String name, List<String> add, List<String> remove) {
    return new AclGroupTransform(alice, name, Optional.of(add), Optional.of(remove));
  }

  private List<String> members(String group) {
    return AclGroupModel.members(
        state.get(AclGroupModel.FQDN, group).orElse(new AclGroupModel().defaultValue()));
  }

  // ---- groups ----

  @Test
  void theAuthorMustSignAndOnlyTheGroupIsDeclared() {
    AclGroupTransform t = group("staff", List.of(bob), List.of());
    assertThat(t.requiredAuthorizations()).containsExactly(alice);
    assertThat(t.requiredModels()).containsExactly(AclGroupModel.FQDN);
    assertThat(t.requiredKeys()).containsExactly("staff");
  }

  @Test
  void membersAreAddedInOrderAndRemoved() {
    run(group("staff", List.of(bob, carol), List.of()));
    assertThat(members("staff")).containsExactly(bob, carol);
    run(group("staff", List.of(alice, bob), List.of(carol)));
    assertThat(members("staff")).containsExactly(bob, alice);
  }

  @Test
  void aGroupLeftWithoutMembersIsDeleted() {
    run(group("staff", List.of(bob), List.of()));
    run(group("staff", List.of(), List.of(bob)));
    assertThat(state.get(AclGroupModel.FQDN, "staff")).isEmpty();
  }

  @Test
  void reservedGroupNamesAreRefused() {
    for (String name : List.of("", "_admins", "^admin$", "admin|staff", " admin")) {
      assertRefused(group(name, List.of(bob), List.of()), "invalid_acl", "cannot be a group name");
    }
  }

  @Test
  void malformedMemberAddressesAreRefusedNamingTheItem() {
    assertRefused(group("staff", List.of(bob, "1bogus"), List.of()), "invalid_address", "add[1]");
    assertRefused(group("staff", List.of(), List.of("x")), "invalid_address", "remove[0]");
    assertRefused(
        new AclGroupTransform("nobody", "staff", Optional.of(List.of(bob)), Optional.empty()),
        "invalid_address",
        "field 'author'");
  }

  @Test
  void anAddressBothAddedAndRemovedIsRefused() {
    assertRefused(
        group("staff", List.of(bob), List.of(bob)), "invalid_acl", "both added and removed");
  }

  @Test
  void aChangeThatChangesNothingIsRefused() {
    assertRefused(group("staff", List.of(), List.of()), "empty_update", "nothing to change");
  }

  // ---- read and write ACLs ----

  private AclReadTransform read(String model, String rules) {
    return new AclReadTransform(alice, model, json(rules));
  }

  private AclWriteTransform write(String transform, String rules) {
    return new AclWriteTransform(alice, transform, json(rules));
  }

  @Test
  void aReadTransformReplacesTheModelsEntryAndEmptyRulesDeleteIt() {
    run(read("demo.BalanceModel", "{'_anonymous': ['_none'], 'admin|staff': ['_all']}"));
    run(read("demo.BalanceModel", "{'_authenticated': ['_self']}"));
    assertThat(state.get(AclReadModel.FQDN, "demo.BalanceModel"))
        .contains(json("{'_authenticated': ['_self']}"));
    run(read("demo.BalanceModel", "{}"));
    assertThat(state.get(AclReadModel.FQDN, "demo.BalanceModel")).isEmpty();
  }

  @Test
  void aWriteTransformReplacesTheTransformsEntryAndEmptyRulesDeleteIt() {
    AclWriteTransform t = write("demo.BalanceTransfer", "{'sender': ['admin', '^ops_.*$']}");
    assertThat(t.requiredKeys()).containsExactly("demo.BalanceTransfer");
    assertThat(t.requiredModels()).containsExactly(AclWriteModel.FQDN);
    run(t);
    assertThat(state.get(AclWriteModel.FQDN, "demo.BalanceTransfer"))
        .contains(json("{'sender': ['admin', '^ops_.*$']}"));
    run(write("demo.BalanceTransfer", "{}"));
    assertThat(state.get(AclWriteModel.FQDN, "demo.BalanceTransfer")).isEmpty();
  }

  @Test
  void malformedReadRulesAreRefused() {
    assertRefused(read("m", "{'_everyone': ['_all']}"), "invalid_acl", "'_everyone' is not one of");
    assertRefused(read("m", "{'admin': ['everything']}"), "invalid_acl", "target 'everything'");
    assertRefused(read("m", "{'admin': []}"), "invalid_acl", "lists nothing");
    assertRefused(read("m", "{'admin': '_all'}"), "invalid_acl", "must list strings");
    assertRefused(read("m", "{'admin': [1]}"), "invalid_acl", "must list strings");
    assertRefused(
        read("m", "{'^(admin$': ['_all']}"), "invalid_acl", "not a valid regular expression");
    assertRefused(
        read("m", "{'admin': ['^[a-$']}"), "invalid_acl", "not a valid regular expression");
    assertRefused(read("m", "{'admin|': ['_all']}"), "invalid_acl", "cannot be a group name");
    assertRefused(read("", "{}"), "invalid_acl", "model must name a model");
  }

  @Test
  void malformedWriteRulesAreRefused() {
    assertRefused(write("t", "{'sender': ['_self']}"), "invalid_acl", "'_self' is not one of");
    assertRefused(write("t", "{'sender': []}"), "invalid_acl", "lists nothing");
    assertRefused(write("t", "{'': ['admin']}"), "invalid_acl", "needs a field name");
    assertRefused(
        write("t", "{'sender': ['^(x$']}"), "invalid_acl", "not a valid regular expression");
    assertRefused(write("", "{}"), "invalid_acl", "transform must name a transform");
  }

  @Test
  void theAclModelsRefuseValuesOfTheWrongShape() {
    assertThatThrownBy(() -> new AclReadModel().validate(json("{'admin': '_all'}")))
        .hasMessageContaining("field 'admin' must be an array");
    assertThatThrownBy(() -> new AclWriteModel().validate(json("{'sender': [1]}")))
        .hasMessageContaining("field 'sender' item 0 must be a string");
    assertThatThrownBy(() -> new AclGroupModel().validate(json("{'members': 'x'}")))
        .hasMessageContaining("field 'members' must be an array");
  }

  @Test
  void aWriteAclSetByTransformTakesEffect() {
    AclPolicy policy =
        new AclPolicy(
            dapps, GroupDirectory.listing(s -> ((MapState) s).entries(AclGroupModel.FQDN)));
    JsonObject update =
        json("{'fqdn': 'demo.UpdatePerson', 'person': '" + carol + "', 'data': {'n': 1}}");
    assertThat(policy.checkWrite(dapps.bind(update), update, state)).isEmpty();
    run(group("staff", List.of(bob), List.of()));
    run(write("demo.UpdatePerson", "{'person': ['staff']}"));
    assertThat(policy.checkWrite(dapps.bind(update), update, state)).isPresent();
    run(group("staff", List.of(carol), List.of()));
    assertThat(policy.checkWrite(dapps.bind(update), update, state)).isEmpty();
  }
}
