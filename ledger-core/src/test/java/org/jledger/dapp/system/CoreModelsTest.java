package org.jledger.dapp.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.util.List;
import org.jledger.dapp.Model;
import org.jledger.dapp.SchemaViolationException;
import org.jledger.encoding.CanonicalJson;
import org.junit.jupiter.api.Test;

class CoreModelsTest {

  private final List<Model> models = List.of(new VotingPowerModel(), new NonceModel());

  @Test
  void theCoreModelsHaveThePlugNames() {
    assertThat(models)
        .extracting(Model::fqdn)
        .containsExactly("plug.model.VotingPowerModel", "plug.model.NonceModel");
  }

  @Test
  void anAbsentAddressHasZero() {
    for (Model m : models) {
      assertThat(m.defaultValue()).isEqualTo(CanonicalJson.PROVIDER.createValue(0L));
    }
    assertThat(VotingPowerModel.power(new VotingPowerModel().defaultValue())).isZero();
    assertThat(NonceModel.nonce(new NonceModel().defaultValue())).isZero();
  }

  @Test
  void nonNegativeSafeIntegersAreAccepted() {
    for (Model m : models) {
      assertThatCode(() -> m.validate(CanonicalJson.PROVIDER.createValue(100L)))
          .doesNotThrowAnyException();
      assertThatCode(
              () -> m.validate(CanonicalJson.PROVIDER.createValue(CanonicalJson.MAX_SAFE_INTEGER)))
          .doesNotThrowAnyException();
    }
    assertThat(VotingPowerModel.power(CanonicalJson.PROVIDER.createValue(100L))).isEqualTo(100);
  }

  @Test
  void negativeFractionalOversizedAndNonNumericValuesAreRefused() {
    List<JsonValue> bad =
        List.of(
            CanonicalJson.PROVIDER.createValue(-1L),
            CanonicalJson.PROVIDER.createValue(new BigDecimal("1.5")),
            CanonicalJson.PROVIDER.createValue(CanonicalJson.MAX_SAFE_INTEGER + 1),
            CanonicalJson.PROVIDER.createValue(new BigDecimal("1e30")),
            CanonicalJson.PROVIDER.createValue("100"),
            CanonicalJson.PROVIDER.createObjectBuilder().add("value", 100).build(),
            JsonValue.NULL);
    for (Model m : models) {
      for (JsonValue v : bad) {
        assertThatThrownBy(() -> m.validate(v))
            .as("%s refuses %s", m.fqdn(), v)
            .isInstanceOf(SchemaViolationException.class)
            .hasMessageContaining(m.fqdn() + ": a value must be an integer in [0, 2^53-1]");
      }
    }
  }
}
