package org.jledger.cli;

/** A command that cannot do what was asked; its message is shown to the user as is. */
public final class CliException extends RuntimeException {

  public CliException(String message) {
    super(message);
  }
}
