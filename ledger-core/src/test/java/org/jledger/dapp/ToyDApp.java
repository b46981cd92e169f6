package org.jledger.dapp;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.bind.annotation.JsonbProperty;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jledger.encoding.CanonicalJson;

/**
 * A DApp that exists only in the tests, registered in {@code
 * src/test/resources/META-INF/services/org.jledger.dapp.DApp}: proof that a third-party jar is
 * discovered, and a home for deliberately misbehaving transforms.
 */
public final class ToyDApp implements DApp {

  public static final String COUNTER = "toy.CounterModel";
  public static final String NOTE = "toy.NoteModel";

  @Override
  public Collection<Model> models() {
    return List.of(
        ModelDefinition.of(COUNTER, CanonicalJson.PROVIDER.createValue(0L))
            .withAliases("toy_alias.Counter"),
        ModelDefinition.of(NOTE, JsonValue.EMPTY_JSON_OBJECT)
            .withSchema(
                ModelSchema.parse(
                    Fixtures.json("{'text': {'type': 'string', 'required': true}}"))));
  }

  @Override
  public Collection<Class<? extends Transform>> transforms() {
    return List.of(Increment.class, Fill.class, Sneak.class, Scribble.class, AllTypes.class);
  }

  /** Adds one to a counter. */
  @TransformName(value = "toy.Increment", aliases = "toy_alias.Increment")
  public record Increment(String counter) implements Transform {

    @Override
    public Set<String> requiredAuthorizations() {
      return Set.of();
    }

    @Override
    public Set<String> requiredModels() {
      return Set.of("toy_alias.Counter");
    }

    @Override
    public Set<String> requiredKeys() {
      return Set.of(counter);
    }

    @Override
    public void verify(StateSlice slice) {}

    @Override
    public void apply(MutableStateSlice slice) {
      long n = ((JsonNumber) slice.get(COUNTER, counter)).longValueExact();
      slice.put(COUNTER, counter, CanonicalJson.PROVIDER.createValue(n + 1));
    }
  }

  /** Sets every counter it names to 1. */
  @TransformName("toy.Fill")
  public record Fill(List<String> keys) implements Transform {

    @Override
    public Set<String> requiredAuthorizations() {
      return Set.of();
    }

    @Override
    public Set<String> requiredModels() {
      return Set.of(COUNTER);
    }

    @Override
    public Set<String> requiredKeys() {
      return Set.copyOf(keys);
    }

    @Override
    public void verify(StateSlice slice) {}

    @Override
    public void apply(MutableStateSlice slice) {
      keys.forEach(k -> slice.put(COUNTER, k, CanonicalJson.PROVIDER.createValue(1L)));
    }
  }

  /** Misbehaves: declares {@code declared} but reads and writes {@code other} as well. */
  @TransformName("toy.Sneak")
  public record Sneak(String declared, String other, boolean otherModel) implements Transform {

    @Override
    public Set<String> requiredAuthorizations() {
      return Set.of();
    }

    @Override
    public Set<String> requiredModels() {
      return Set.of(COUNTER);
    }

    @Override
    public Set<String> requiredKeys() {
      return Set.of(declared);
    }

    @Override
    public void verify(StateSlice slice) {
      slice.get(COUNTER, declared);
      if (otherModel) {
        slice.get(NOTE, declared);
      } else {
        slice.get(COUNTER, other);
      }
    }

    @Override
    public void apply(MutableStateSlice slice) {
      slice.put(COUNTER, declared, CanonicalJson.PROVIDER.createValue(1L));
      slice.put(otherModel ? NOTE : COUNTER, otherModel ? declared : other, JsonValue.NULL);
    }
  }

  /** Writes whatever note it is given, so that the model's schema is what refuses it. */
  @TransformName("toy.Scribble")
  public record Scribble(String key, JsonValue note) implements Transform {

    @Override
    public Set<String> requiredAuthorizations() {
      return Set.of();
    }

    @Override
    public Set<String> requiredModels() {
      return Set.of(NOTE);
    }

    @Override
    public Set<String> requiredKeys() {
      return Set.of(key);
    }

    @Override
    public void verify(StateSlice slice) {}

    @Override
    public void apply(MutableStateSlice slice) {
      slice.put(NOTE, key, note);
    }
  }

  /** A nested field of {@link AllTypes}. */
  public record Point(long x, long y) {}

  /** Every supported field type, and a renamed field, for the binding tests. */
  @TransformName("toy.AllTypes")
  public record AllTypes(
      @JsonbProperty("label") String text,
      long big,
      int small,
      boolean flag,
      JsonValue anything,
      JsonObject object,
      JsonArray array,
      List<String> names,
      Map<String, Long> scores,
      Point point,
      Optional<String> maybe,
      Long boxedLong,
      Boolean boxedFlag)
      implements Transform {

    @Override
    public Set<String> requiredAuthorizations() {
      return Set.of();
    }

    @Override
    public Set<String> requiredModels() {
      return Set.of();
    }

    @Override
    public Set<String> requiredKeys() {
      return Set.of();
    }

    @Override
    public void verify(StateSlice slice) {}

    @Override
    public void apply(MutableStateSlice slice) {}
  }
}
