package org.jledger.dapp.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jledger.dapp.Fixtures.ALICE;
import static org.jledger.dapp.Fixtures.address;
import static org.jledger.dapp.Fixtures.json;

import jakarta.json.JsonValue;
import org.jledger.InvalidInputException;
import org.jledger.dapp.DApps;
import org.jledger.dapp.Fixtures;
import org.jledger.dapp.MapState;
import org.jledger.dapp.MutableStateSlice;
import org.jledger.dapp.TransformRejectedException;
import org.junit.jupiter.api.Test;

class UpdatePersonTest {

  private final DApps dapps = Fixtures.builtins();
  private final String alice = address(ALICE);
  private final MapState state = new MapState();

  private JsonValue applied(UpdatePerson t) {
    MutableStateSlice slice = dapps.mutableSlice(t, state);
    t.apply(slice);
    state.apply(slice.writes());
    return state.get(PersonModel.FQDN, alice).orElseThrow();
  }

  private void assertRefused(UpdatePerson t, String code, String message) {
    assertThatThrownBy(() -> t.verify(dapps.slice(t, state)))
        .isInstanceOf(TransformRejectedException.class)
        .satisfies(e -> assertThat(((InvalidInputException) e).code()).isEqualTo(code))
        .hasMessageContaining(message);
    assertThatThrownBy(() -> t.apply(dapps.mutableSlice(t, state)))
        .isInstanceOf(TransformRejectedException.class);
  }

  @Test
  void thePersonMustSignAndOnlyTheirRecordIsDeclared() {
    UpdatePerson t = new UpdatePerson(alice, json("{'name': 'Alice'}"));
    assertThat(t.requiredAuthorizations()).containsExactly(alice);
    assertThat(t.requiredModels()).containsExactly("demo.PersonModel");
    assertThat(t.requiredKeys()).containsExactly(alice);
  }

  @Test
  void theFirstUpdateCreatesTheRecord() {
    assertThat(applied(new UpdatePerson(alice, json("{'name': 'Alice', 'age': 30}"))))
        .isEqualTo(json("{'name': 'Alice', 'age': 30}"));
  }

  @Test
  void dataIsMergedIntoTheRecord() {
    state.put(
        PersonModel.FQDN, alice, json("{'name': 'Alice', 'age': 30, 'home': {'city': 'Oslo'}}"));
    assertThat(
            applied(
                new UpdatePerson(
                    alice, json("{'age': 31, 'home': {'zip': '0150'}, 'name': null}"))))
        .isEqualTo(json("{'age': 31, 'home': {'city': 'Oslo', 'zip': '0150'}}"));
  }

  @Test
  void anEmptyUpdateIsRefused() {
    assertRefused(new UpdatePerson(alice, json("{}")), "empty_update", "nothing to update");
  }

  @Test
  void aMalformedPersonAddressIsRefused() {
    assertRefused(
        new UpdatePerson("bob", json("{'name': 'Bob'}")), "invalid_address", "field 'person'");
  }

  @Test
  void theTransformBindsFromJsonWithItsDataObject() {
    assertThat(
            dapps.bind(
                json(
                    "{'fqdn': 'demo.UpdatePerson', 'person': '"
                        + alice
                        + "', 'data': {'name': 'Alice'}}")))
        .isEqualTo(new UpdatePerson(alice, json("{'name': 'Alice'}")));
    assertThatThrownBy(
            () ->
                dapps.bind(
                    json("{'fqdn': 'demo.UpdatePerson', 'person': '" + alice + "', 'data': 'x'}")))
        .hasMessageContaining("field 'data' must be an object, got a string");
  }
}
