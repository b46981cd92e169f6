package org.jledger.dapp;

/**
 * A transform touched a model or key outside the slice it declared with {@link
 * Transform#requiredModels()} and {@link Transform#requiredKeys()}.
 */
public final class UndeclaredAccessException extends TransformRejectedException {

  private final String model;
  private final String key;

  public UndeclaredAccessException(String transform, String model, String key, String why) {
    super(
        "undeclared_access",
        transform + " touched " + model + " key '" + key + "', which it did not declare: " + why);
    this.model = model;
    this.key = key;
  }

  /** The model as the transform named it. */
  public String model() {
    return model;
  }

  public String key() {
    return key;
  }
}
