package org.jledger.dapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jledger.dapp.Fixtures.json;

import jakarta.json.JsonValue;
import org.jledger.InvalidInputException;
import org.jledger.encoding.CanonicalJson;
import org.junit.jupiter.api.Test;

class ModelSchemaTest {

  private final ModelSchema voucher =
      ModelSchema.parse(
          json(
              "{'issuer': {'type': 'string', 'required': true},"
                  + " 'value': {'type': 'int', 'required': true, 'min': 0},"
                  + " 'tags': {'type': 'list', 'schema': {'type': 'string'}},"
                  + " 'paid': {'type': 'boolean'}, 'extra': {'type': 'dict'}}"));

  private void assertViolation(String value, String message) {
    assertThatThrownBy(() -> voucher.validate("x.Voucher", json(value)))
        .isInstanceOf(SchemaViolationException.class)
        .satisfies(
            e -> assertThat(((InvalidInputException) e).code()).isEqualTo("schema_violation"))
        .hasMessage(message);
  }

  @Test
  void aValueThatFollowsTheSchemaIsAccepted() {
    assertThatCode(
            () ->
                voucher.validate(
                    "x.Voucher",
                    json(
                        "{'issuer': 'i', 'value': 3, 'tags': ['a'], 'paid': false,"
                            + " 'extra': {'any': [1]}}")))
        .doesNotThrowAnyException();
    assertThatCode(() -> voucher.validate("x.Voucher", json("{'issuer': 'i', 'value': 0}")))
        .doesNotThrowAnyException();
  }

  @Test
  void aMissingRequiredFieldIsNamed() {
    assertViolation("{'value': 1}", "x.Voucher: field 'issuer' is required but missing");
  }

  @Test
  void aFieldOfTheWrongTypeIsNamed() {
    assertViolation(
        "{'issuer': 'i', 'value': '1'}",
        "x.Voucher: field 'value' must be an integer, got a string");
    assertViolation(
        "{'issuer': 7, 'value': 1}",
        "x.Voucher: field 'issuer' must be a string, got the number 7");
    assertViolation(
        "{'issuer': 'i', 'value': 1, 'paid': null}",
        "x.Voucher: field 'paid' must be a boolean, got null");
    assertViolation(
        "{'issuer': 'i', 'value': 1, 'extra': []}",
        "x.Voucher: field 'extra' must be an object, got an array");
  }

  @Test
  void anArrayItemOfTheWrongTypeIsNamed() {
    assertViolation(
        "{'issuer': 'i', 'value': 1, 'tags': ['a', 2]}",
        "x.Voucher: field 'tags' item 1 must be a string, got the number 2");
  }

  @Test
  void anIntegerBelowTheMinimumIsRefused() {
    assertViolation(
        "{'issuer': 'i', 'value': -1}", "x.Voucher: field 'value' must be at least 0, got -1");
  }

  @Test
  void anUndeclaredFieldIsRefusedUnlessOtherFieldsAreAllowed() {
    assertViolation(
        "{'issuer': 'i', 'value': 1, 'color': 'red'}",
        "x.Voucher: field 'color' is not allowed (allowed: extra, issuer, paid, tags, value)");
    ModelSchema open =
        voucher.allowingOtherFields(ModelSchema.Field.optional(ModelSchema.Type.STRING));
    assertThatCode(() -> open.validate("x.Voucher", json("{'issuer': 'i', 'value': 1, 'c': 'r'}")))
        .doesNotThrowAnyException();
    assertThatThrownBy(
            () -> open.validate("x.Voucher", json("{'issuer': 'i', 'value': 1, 'c': 1}")))
        .hasMessage("x.Voucher: field 'c' must be a string, got the number 1");
  }

  @Test
  void aValueThatIsNotAnObjectIsRefused() {
    assertThatThrownBy(
            () -> voucher.validate("x.Voucher", CanonicalJson.PROVIDER.createValue("just text")))
        .isInstanceOf(SchemaViolationException.class)
        .hasMessage("x.Voucher: a value must be an object, got a string");
  }

  @Test
  void rulesOutsideTheSupportedSubsetAreRefused() {
    assertThatThrownBy(() -> ModelSchema.parse(json("{'a': {'type': 'float'}}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown schema type 'float'");
    assertThatThrownBy(() -> ModelSchema.parse(json("{'a': {'type': 'string', 'regex': '.*'}}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'regex'");
  }

  @Test
  void aModelWithoutSchemaAcceptsAnything() {
    ModelDefinition free = ModelDefinition.of("x.Free", JsonValue.NULL);
    assertThatCode(() -> free.validate(json("{'any': 'thing'}"))).doesNotThrowAnyException();
    Model strict = free.withSchema(voucher);
    assertThatThrownBy(() -> strict.validate(json("{'any': 'thing'}")))
        .hasMessageContaining("x.Free: field 'issuer' is required");
  }
}
