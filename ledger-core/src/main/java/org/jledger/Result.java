package org.jledger;

import java.util.function.Function;

/**
 * The outcome of checking peer or client input: a value, or a refusal with a stable code and a
 * reason a person can act on. Checks of peer input return this instead of throwing, so a bad
 * message is logged once and dropped.
 */
public sealed interface Result<T> {

  static <T> Result<T> ok(T value) {
    return new Ok<>(value);
  }

  static <T> Result<T> refused(String code, String reason) {
    return new Refused<>(code, reason);
  }

  /** A refusal carrying an exception's code and message. */
  static <T> Result<T> refused(LedgerException e) {
    return new Refused<>(e.code(), e.getMessage());
  }

  default boolean isOk() {
    return this instanceof Ok;
  }

  /** The value, or an {@link IllegalStateException} if this is a refusal (a bug in the caller). */
  default T value() {
    if (this instanceof Ok<T> ok) {
      return ok.value();
    }
    throw new IllegalStateException("no value: " + this);
  }

  default <U> Result<U> map(Function<T, U> f) {
    if (this instanceof Ok<T> ok) {
      return new Ok<>(f.apply(ok.value()));
    }
    Refused<T> r = (Refused<T>) this;
    return new Refused<>(r.code(), r.reason());
  }

  record Ok<T>(T value) implements Result<T> {}

  record Refused<T>(String code, String reason) implements Result<T> {}
}
