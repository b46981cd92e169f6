package org.jledger.dapp;

import jakarta.json.JsonValue;

/**
 * The part of the state a transform declared, read-only. Models are named by canonical FQDN or
 * alias. Reading a model or key outside the declaration throws {@link UndeclaredAccessException}.
 */
public interface StateSlice {

  /** The stored value of {@code (model, key)}, or the model's default value when none is stored. */
  JsonValue get(String model, String key);

  /** Whether a value is stored for {@code (model, key)}. */
  boolean contains(String model, String key);
}
