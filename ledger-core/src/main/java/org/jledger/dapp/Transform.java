package org.jledger.dapp;

import java.util.Set;
import org.jledger.InvalidInputException;
import org.jledger.crypto.Address;

/**
 * A transaction's business logic. Implementations are records annotated with {@link TransformName};
 * their components are bound strictly from the transaction's {@code transform} object, with
 * snake_case member names (a component {@code personId} is the member {@code person_id}).
 *
 * <p>A transform sees only the slice it declares: every model in {@link #requiredModels()} crossed
 * with every key in {@link #requiredKeys()} (as in Plug, the keys apply to each model). Touching
 * anything else throws {@link UndeclaredAccessException}. Both methods refuse with a {@link
 * TransformRejectedException} that carries a stable code and a reason.
 *
 * <p>{@link #verify} decides permanent validity and must not change anything. {@link #apply} may
 * run on a later state than the one {@code verify} saw, so it must itself refuse what it cannot do
 * (e.g. spend money that is no longer there); it must be deterministic, depending only on the
 * transform's fields and the slice.
 */
public interface Transform {

  /** The canonical FQDN, from {@link TransformName}. */
  default String fqdn() {
    TransformName name = getClass().getAnnotation(TransformName.class);
    if (name == null) {
      throw new IllegalStateException(getClass().getName() + " has no @TransformName");
    }
    return name.value();
  }

  /** The addresses that must sign the transaction. */
  Set<String> requiredAuthorizations();

  /** The models this transform reads or writes (canonical FQDNs; aliases are accepted). */
  Set<String> requiredModels();

  /** The keys this transform reads or writes, in every one of its required models. */
  Set<String> requiredKeys();

  /** Refuses a transform that is invalid against {@code slice}; must not mutate anything. */
  void verify(StateSlice slice);

  /** Makes the change in {@code slice}, or refuses and leaves the caller to discard the slice. */
  void apply(MutableStateSlice slice);

  /**
   * Parses the address held in {@code field}, refusing a malformed one with a {@link
   * TransformRejectedException} (code {@code invalid_address}) that names the field.
   */
  static Address requireAddress(String field, String value) {
    try {
      return Address.parse(value);
    } catch (InvalidInputException e) {
      throw new TransformRejectedException(
          "invalid_address", "field '" + field + "' is not a valid address: " + e.getMessage(), e);
    }
  }
}
