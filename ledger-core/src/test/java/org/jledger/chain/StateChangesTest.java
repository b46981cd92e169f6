package org.jledger.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.jledger.InvalidInputException;
import org.jledger.encoding.CanonicalJson;
import org.jledger.state.StateKey;
import org.junit.jupiter.api.Test;

class StateChangesTest {

  @Test
  void changesAreOneCanonicalArrayInKeyOrderAndReadBackEqual() {
    Map<StateKey, Optional<JsonValue>> changes =
        Map.of(
            new StateKey("demo.BalanceModel", "b"),
                Optional.of(CanonicalJson.parse("{\"y\":1,\"x\":2}")),
            new StateKey("demo.BalanceModel", "a"), Optional.empty(),
            new StateKey("acl.Acl", "é"), Optional.of(JsonValue.NULL));
    byte[] utf8 = StateChanges.encode(changes);
    assertThat(new String(utf8, StandardCharsets.UTF_8))
        .isEqualTo(
            "[[\"acl.Acl\",\"é\",null],[\"demo.BalanceModel\",\"a\"],"
                + "[\"demo.BalanceModel\",\"b\",{\"x\":2,\"y\":1}]]");
    assertThat(StateChanges.decode(new String(utf8, StandardCharsets.UTF_8))).isEqualTo(changes);
    assertThat(StateChanges.decode("[]")).isEmpty();
  }

  @Test
  void whatIsNotAListOfChangesIsRefusedNamingTheEntry() {
    assertThatThrownBy(() -> StateChanges.decode("{}"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("must be a JSON array");
    assertThatThrownBy(() -> StateChanges.decode("[[\"m\",\"k\"],[\"m\"]]"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("state change 1 is not");
    assertThatThrownBy(() -> StateChanges.decode("[[\"\",\"k\",1]]"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("state change 0 is not");
    assertThatThrownBy(() -> StateChanges.decode("[[\"m\",\"k\",1],[\"m\",\"k\"]]"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("state change 1 repeats m/k");
    assertThatThrownBy(() -> StateChanges.decode("[[\"m\",\"k\",1,2]]"))
        .isInstanceOf(InvalidInputException.class);
  }
}
