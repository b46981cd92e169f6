package org.jledger.node.jpa;

/** The database was written by a newer software whose layout this one cannot read. */
public final class NewerSchemaException extends RuntimeException {

  public NewerSchemaException(int storedVersion, int supportedVersion, String writtenBy) {
    super(
        "the database has schema version "
            + storedVersion
            + " (written by JLedger "
            + writtenBy
            + "), newer than the version "
            + supportedVersion
            + " this software supports");
  }
}
