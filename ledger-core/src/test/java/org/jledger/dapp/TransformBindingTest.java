package org.jledger.dapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jledger.dapp.Fixtures.ALICE;
import static org.jledger.dapp.Fixtures.BOB;
import static org.jledger.dapp.Fixtures.address;
import static org.jledger.dapp.Fixtures.json;

import jakarta.json.JsonObject;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jledger.InvalidInputException;
import org.jledger.dapp.acl.AclGroupTransform;
import org.jledger.dapp.demo.BalanceTransfer;
import org.jledger.encoding.CanonicalJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TransformBindingTest {

  private final DApps dapps = Fixtures.builtins();
  private final String alice = address(ALICE);
  private final String bob = address(BOB);

  private JsonObject transfer(String amount) {
    return json(
        "{'fqdn': 'demo.BalanceTransfer', 'sender': '"
            + alice
            + "', 'receiver': '"
            + bob
            + "', 'amount': "
            + amount
            + "}");
  }

  private static JsonObject allTypes(String override) {
    String base =
        "{'fqdn': 'toy.AllTypes', 'label': 't', 'big': 9007199254740991, 'small': -5,"
            + " 'flag': true, 'anything': [1, {'a': null}], 'object': {'k': 'v'},"
            + " 'array': [1, 'x'], 'names': ['a', 'b'], 'scores': {'x': 1, 'y': 2},"
            + " 'point': {'x': 1, 'y': -2}, 'boxed_long': 7, 'boxed_flag': false";
    return json(base + (override.isEmpty() ? "" : ", " + override) + "}");
  }

  private void assertInvalid(JsonObject transform, String... messageParts) {
    assertThatThrownBy(() -> dapps.bind(transform))
        .isInstanceOf(InvalidTransformException.class)
        .satisfies(
            e -> assertThat(((InvalidInputException) e).code()).isEqualTo("invalid_transform"))
        .hasMessageContainingAll(messageParts);
  }

  @Test
  void aBalanceTransferBindsToItsRecord() {
    assertThat(dapps.bind(transfer("10"))).isEqualTo(new BalanceTransfer(alice, bob, 10));
  }

  @Test
  void anAliasBindsToTheSameTransform() {
    JsonObject aliased =
        json(
            "{'fqdn': 'plug_demo.balance.BalanceTransfer', 'sender': '"
                + alice
                + "', 'receiver': '"
                + bob
                + "', 'amount': 10}");
    Transform t = dapps.bind(aliased);
    assertThat(t).isEqualTo(new BalanceTransfer(alice, bob, 10));
    assertThat(t.fqdn()).isEqualTo("demo.BalanceTransfer");
  }

  @Test
  void anAmountWrittenAsAStringIsRefused() {
    assertInvalid(transfer("\"10\""), "field 'amount'", "must be an integer", "got a string");
  }

  /** Canonical parsing already refuses these; the binder must not rely on that. */
  private JsonObject transferBuiltInJava(BigDecimal amount) {
    return CanonicalJson.PROVIDER.createObjectBuilder(transfer("1")).add("amount", amount).build();
  }

  @Test
  void aFractionalAmountIsRefusedRatherThanTruncated() {
    assertInvalid(transferBuiltInJava(new BigDecimal("10.5")), "field 'amount'", "fractional");
  }

  @Test
  void anAmountBeyondTheCanonicalRangeIsRefused() {
    assertInvalid(
        transferBuiltInJava(new BigDecimal("9007199254740992")), "field 'amount'", "2^53-1");
    assertInvalid(
        transferBuiltInJava(new BigDecimal("18446744073709551616")), "field 'amount'", "2^53-1");
  }

  @Test
  void aNumberForAStringFieldIsRefused() {
    assertInvalid(
        json(
            "{'fqdn': 'demo.BalanceTransfer', 'sender': 12, 'receiver': '"
                + bob
                + "', 'amount': 1}"),
        "field 'sender'",
        "must be a string",
        "got the number 12");
  }

  @Test
  void aBooleanForAStringFieldIsRefused() {
    assertInvalid(
        json(
            "{'fqdn': 'demo.BalanceTransfer', 'sender': true, 'receiver': '"
                + bob
                + "', 'amount': 1}"),
        "field 'sender'",
        "got a boolean");
  }

  @Test
  void aMissingFieldIsRefused() {
    assertInvalid(
        json(
            "{'fqdn': 'demo.BalanceTransfer', 'sender': '"
                + alice
                + "', 'receiver': '"
                + bob
                + "'}"),
        "field 'amount' is missing");
  }

  @Test
  void aNullFieldIsRefused() {
    assertInvalid(transfer("null"), "field 'amount' is null");
  }

  @Test
  void aFieldTheRecordDoesNotHaveIsRefused() {
    assertInvalid(
        json(
            "{'fqdn': 'demo.BalanceTransfer', 'sender': '"
                + alice
                + "', 'receiver': '"
                + bob
                + "', 'amount': 1, 'memo': 'hi'}"),
        "field 'memo' is not a field of demo.BalanceTransfer",
        "amount, receiver, sender");
  }

  @Test
  void anUnknownTransformIsRefused() {
    assertThatThrownBy(() -> dapps.bind(json("{'fqdn': 'no.such.Transform'}")))
        .isInstanceOf(UnknownTransformException.class)
        .hasMessageContaining("no.such.Transform")
        .satisfies(
            e -> assertThat(((InvalidInputException) e).code()).isEqualTo("unknown_transform"));
  }

  @Test
  void anInstalledTransformThatIsNotWhitelistedIsRefused() {
    assertThatThrownBy(() -> dapps.bind(json("{'fqdn': 'toy.Increment', 'counter': 'c'}")))
        .isInstanceOf(TransformNotAllowedException.class)
        .hasMessageContaining("toy.Increment")
        .satisfies(
            e -> assertThat(((InvalidInputException) e).code()).isEqualTo("transform_not_allowed"));
    assertThatThrownBy(() -> dapps.bind(json("{'fqdn': 'toy_alias.Increment', 'counter': 'c'}")))
        .isInstanceOf(TransformNotAllowedException.class)
        .hasMessageContaining("'toy_alias.Increment' (toy.Increment)");
  }

  @Test
  void aJavaClassNameIsNotATransformName() {
    assertThatThrownBy(
            () ->
                dapps.bind(
                    json(
                        "{'fqdn': 'org.jledger.dapp.demo.BalanceTransfer', 'sender': '"
                            + alice
                            + "', 'receiver': '"
                            + bob
                            + "', 'amount': 1}")))
        .isInstanceOf(UnknownTransformException.class);
  }

  @Test
  void aTransformWithoutAnFqdnStringIsRefused() {
    assertInvalid(json("{'sender': 'x'}"), "'fqdn' string");
    assertInvalid(json("{'fqdn': 7}"), "'fqdn' string", "got the number 7");
  }

  @Test
  void everySupportedFieldTypeBinds() {
    ToyDApp.AllTypes t = (ToyDApp.AllTypes) Fixtures.all().bind(allTypes("'maybe': 'm'"));
    assertThat(t.text()).isEqualTo("t");
    assertThat(t.big()).isEqualTo(9007199254740991L);
    assertThat(t.small()).isEqualTo(-5);
    assertThat(t.flag()).isTrue();
    assertThat(t.anything()).isEqualTo(json("{'v': [1, {'a': null}]}").get("v"));
    assertThat(t.object()).isEqualTo(json("{'k': 'v'}"));
    assertThat(t.names()).containsExactly("a", "b");
    assertThat(t.scores()).isEqualTo(Map.of("x", 1L, "y", 2L));
    assertThat(t.point()).isEqualTo(new ToyDApp.Point(1, -2));
    assertThat(t.maybe()).contains("m");
    assertThat(t.boxedLong()).isEqualTo(7L);
    assertThat(t.boxedFlag()).isFalse();
  }

  @Test
  void anOptionalFieldMayBeAbsentOrNull() {
    DApps all = Fixtures.all();
    assertThat(((ToyDApp.AllTypes) all.bind(allTypes(""))).maybe()).isEqualTo(Optional.empty());
    assertThat(((ToyDApp.AllTypes) all.bind(allTypes("'maybe': null"))).maybe()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "'small': 2147483648 | field 'small' must be a 32-bit integer",
        "'flag': 1 | field 'flag' must be true or false",
        "'flag': 'true' | field 'flag' must be true or false",
        "'names': ['a', 2] | field 'names[1]' must be a string",
        "'names': 'a' | field 'names' must be an array",
        "'scores': {'x': '1'} | field 'scores.x' must be an integer",
        "'point': {'x': 1} | field 'point.y' is missing",
        "'point': {'x': 1, 'y': 2, 'z': 3} | field 'point.z' is not a field of 'point'",
        "'object': [] | field 'object' must be an object",
        "'array': {} | field 'array' must be an array",
        "'anything': null | field 'anything' is null",
        "'maybe': 5 | field 'maybe' must be a string",
        "'boxed_long': '7' | field 'boxed_long' must be an integer",
        "'boxedLong': 7 | field 'boxedLong' is not a field of toy.AllTypes",
        "'text': 't' | field 'text' is not a field of toy.AllTypes",
      })
  void mistypedFieldsOfEveryKindAreRefused(String override, String message) {
    JsonObject base = allTypes("");
    JsonObject patch = json("{" + override + "}");
    var b = CanonicalJson.PROVIDER.createObjectBuilder(base);
    patch.forEach(b::add);
    JsonObject bad = b.build();
    assertThatThrownBy(() -> Fixtures.all().bind(bad))
        .isInstanceOf(InvalidTransformException.class)
        .hasMessageContaining(message);
  }

  @Test
  void snakeCaseNamesOrJsonbPropertyNamesAreTheMemberNames() {
    TransformType type = TransformType.of(ToyDApp.AllTypes.class);
    assertThat(type.fieldNames())
        .contains("label", "boxed_long", "boxed_flag")
        .doesNotContain("text", "boxedLong");
    assertThat(SnakeCase.INSTANCE.translateName("personId")).isEqualTo("person_id");
  }

  @Test
  void missingOptionalListsOfTheGroupTransformMeanEmpty() {
    Transform t =
        dapps.bind(
            json(
                "{'fqdn': 'plug.ext.acl.ACLGroupTransform', 'author': '"
                    + alice
                    + "', 'group': 'admin', 'add': ['"
                    + bob
                    + "']}"));
    assertThat(t)
        .isEqualTo(
            new AclGroupTransform(alice, "admin", Optional.of(List.of(bob)), Optional.empty()));
  }
}
