package org.jledger.dapp;

import org.jledger.InvalidInputException;

/**
 * A transaction names a transform that is installed but not whitelisted by this node's
 * configuration. Code {@code transform_not_allowed}.
 */
public final class TransformNotAllowedException extends InvalidInputException {

  public TransformNotAllowedException(String name, String canonical) {
    super(
        "transform_not_allowed",
        "transform '"
            + name
            + "'"
            + (name.equals(canonical) ? "" : " (" + canonical + ")")
            + " is not enabled on this network (plug.transforms)");
  }
}
