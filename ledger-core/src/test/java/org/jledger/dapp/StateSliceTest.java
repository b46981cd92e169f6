package org.jledger.dapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jledger.dapp.Fixtures.json;

import jakarta.json.JsonValue;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jledger.InvalidInputException;
import org.jledger.encoding.CanonicalJson;
import org.jledger.state.StateKey;
import org.junit.jupiter.api.Test;

class StateSliceTest {

  private final DApps dapps = Fixtures.all();
  private final MapState state = new MapState();

  private static JsonValue number(long n) {
    return CanonicalJson.PROVIDER.createValue(n);
  }

  private static String code(Throwable e) {
    return ((InvalidInputException) e).code();
  }

  @Test
  void anAbsentKeyReadsAsTheModelsDefault() {
    StateSlice slice = dapps.slice(new ToyDApp.Increment("c"), state);
    assertThat(slice.get(ToyDApp.COUNTER, "c")).isEqualTo(number(0));
    assertThat(slice.contains(ToyDApp.COUNTER, "c")).isFalse();
  }

  @Test
  void aStoredKeyReadsAsStoredUnderTheCanonicalNameOrAnAlias() {
    state.put(ToyDApp.COUNTER, "c", number(41));
    StateSlice slice = dapps.slice(new ToyDApp.Increment("c"), state);
    assertThat(slice.get(ToyDApp.COUNTER, "c")).isEqualTo(number(41));
    assertThat(slice.get("toy_alias.Counter", "c")).isEqualTo(number(41));
    assertThat(slice.contains("toy_alias.Counter", "c")).isTrue();
  }

  @Test
  void theReadOnlySliceOffersNoWayToWrite() {
    assertThat(dapps.slice(new ToyDApp.Increment("c"), state))
        .isNotInstanceOf(MutableStateSlice.class);
  }

  @Test
  void applyBuffersItsWritesUnderTheCanonicalNameAndLeavesTheStateAlone() {
    state.put(ToyDApp.COUNTER, "c", number(41));
    MutableStateSlice slice = dapps.mutableSlice(new ToyDApp.Increment("c"), state);
    new ToyDApp.Increment("c").apply(slice);
    assertThat(slice.writes())
        .containsExactly(Map.entry(new StateKey(ToyDApp.COUNTER, "c"), Optional.of(number(42))));
    assertThat(slice.get(ToyDApp.COUNTER, "c")).isEqualTo(number(42));
    assertThat(state.get(ToyDApp.COUNTER, "c")).contains(number(41));
  }

  @Test
  void removeReadsAsTheDefaultAndIsWrittenAsAnEmptyValue() {
    state.put(ToyDApp.COUNTER, "c", number(41));
    MutableStateSlice slice = dapps.mutableSlice(new ToyDApp.Increment("c"), state);
    slice.remove("toy_alias.Counter", "c");
    assertThat(slice.contains(ToyDApp.COUNTER, "c")).isFalse();
    assertThat(slice.get(ToyDApp.COUNTER, "c")).isEqualTo(number(0));
    assertThat(slice.writes())
        .containsExactly(Map.entry(new StateKey(ToyDApp.COUNTER, "c"), Optional.empty()));
  }

  @Test
  void writesComeInStateKeyOrderWithTheLastWriteWinning() {
    MutableStateSlice slice = dapps.mutableSlice(new ToyDApp.Fill(List.of("c", "a", "b")), state);
    slice.put(ToyDApp.COUNTER, "c", number(5));
    slice.put(ToyDApp.COUNTER, "a", number(1));
    slice.put("toy_alias.Counter", "b", number(2));
    slice.put(ToyDApp.COUNTER, "c", number(7));
    slice.remove(ToyDApp.COUNTER, "a");
    assertThat(slice.writes().entrySet())
        .containsExactly(
            Map.entry(new StateKey(ToyDApp.COUNTER, "a"), Optional.empty()),
            Map.entry(new StateKey(ToyDApp.COUNTER, "b"), Optional.of(number(2))),
            Map.entry(new StateKey(ToyDApp.COUNTER, "c"), Optional.of(number(7))));
  }

  @Test
  void theWriteSetIsASnapshotThatCannotBeChanged() {
    MutableStateSlice slice = dapps.mutableSlice(new ToyDApp.Fill(List.of("a")), state);
    Map<StateKey, Optional<JsonValue>> before = slice.writes();
    slice.put(ToyDApp.COUNTER, "a", number(1));
    assertThat(before).isEmpty();
    assertThatThrownBy(() -> slice.writes().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void aWriteThatBreaksTheModelsSchemaIsRefusedNamingTheField() {
    ToyDApp.Scribble bad = new ToyDApp.Scribble("n", json("{'text': 5}"));
    MutableStateSlice slice = dapps.mutableSlice(bad, state);
    assertThatThrownBy(() -> bad.apply(slice))
        .isInstanceOf(SchemaViolationException.class)
        .hasMessageContaining("toy.NoteModel: field 'text' must be a string, got the number 5")
        .satisfies(e -> assertThat(code(e)).isEqualTo("schema_violation"));
    assertThat(slice.writes()).isEmpty();
  }

  @Test
  void aWriteThatIsNotCanonicalJsonIsRefused() {
    ToyDApp.Scribble bad =
        new ToyDApp.Scribble(
            "n",
            CanonicalJson.PROVIDER.createObjectBuilder().add("text", "x").add("f", 1.5).build());
    MutableStateSlice slice = dapps.mutableSlice(bad, state);
    assertThatThrownBy(() -> bad.apply(slice))
        .isInstanceOf(SchemaViolationException.class)
        .hasMessageContaining("not canonical JSON");
  }

  @Test
  void readingAnUndeclaredKeyIsRefusedNamingModelAndKey() {
    ToyDApp.Sneak sneak = new ToyDApp.Sneak("mine", "yours", false);
    StateSlice slice = dapps.slice(sneak, state);
    assertThatThrownBy(() -> sneak.verify(slice))
        .isInstanceOf(UndeclaredAccessException.class)
        .hasMessageContainingAll("toy.Sneak", "toy.CounterModel", "'yours'")
        .satisfies(e -> assertThat(code(e)).isEqualTo("undeclared_access"))
        .satisfies(e -> assertThat(((UndeclaredAccessException) e).key()).isEqualTo("yours"));
  }

  @Test
  void writingAnUndeclaredKeyIsRefused() {
    ToyDApp.Sneak sneak = new ToyDApp.Sneak("mine", "yours", false);
    MutableStateSlice slice = dapps.mutableSlice(sneak, state);
    assertThatThrownBy(() -> sneak.apply(slice))
        .isInstanceOf(UndeclaredAccessException.class)
        .hasMessageContainingAll("toy.CounterModel", "'yours'");
    assertThat(state.size()).isZero();
  }

  @Test
  void touchingAnUndeclaredModelIsRefused() {
    ToyDApp.Sneak sneak = new ToyDApp.Sneak("mine", "unused", true);
    assertThatThrownBy(() -> sneak.verify(dapps.slice(sneak, state)))
        .isInstanceOf(UndeclaredAccessException.class)
        .hasMessageContainingAll("toy.NoteModel", "'mine'", "its models are [toy.CounterModel]");
    assertThatThrownBy(() -> sneak.apply(dapps.mutableSlice(sneak, state)))
        .isInstanceOf(UndeclaredAccessException.class)
        .hasMessageContaining("toy.NoteModel");
  }

  @Test
  void aModelNameThatNoDAppKnowsIsAnUndeclaredAccess() {
    StateSlice slice = dapps.slice(new ToyDApp.Increment("c"), state);
    assertThatThrownBy(() -> slice.get("no.such.Model", "c"))
        .isInstanceOf(UndeclaredAccessException.class)
        .hasMessageContaining("no.such.Model");
  }

  @Test
  void aTransformRequiringAModelTheNodeDoesNotRunIsRefused() {
    DApps withoutToyModels = Fixtures.REGISTRY.select(List.of(), List.of("toy.Increment"));
    assertThatThrownBy(() -> withoutToyModels.slice(new ToyDApp.Increment("c"), state))
        .isInstanceOf(TransformRejectedException.class)
        .hasMessageContaining("toy_alias.Counter")
        .satisfies(e -> assertThat(code(e)).isEqualTo("model_not_allowed"));
  }
}
