package org.jledger.node.boundary;

import java.util.Objects;

/**
 * One thing a node needs before it can serve, and whether it holds.
 *
 * @param name a stable name such as {@code database}
 * @param met whether it holds
 * @param detail what was last seen, for operators
 */
public record Condition(String name, boolean met, String detail) {

  public Condition {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(detail, "detail");
  }
}
