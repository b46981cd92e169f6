package org.jledger.dapp;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names a transform record: {@link #value()} is its canonical FQDN (the {@code "fqdn"} member of a
 * transaction's {@code transform} object), {@link #aliases()} are other names accepted in
 * configurations and transactions.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface TransformName {

  /** The canonical FQDN, e.g. {@code demo.BalanceTransfer}. */
  String value();

  /** Other accepted names, e.g. {@code plug_demo.balance.BalanceTransfer}. */
  String[] aliases() default {};
}
