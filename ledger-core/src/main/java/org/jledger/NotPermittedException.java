package org.jledger;

/** The caller may not do this (an ACL refused it); nothing changed. */
public class NotPermittedException extends LedgerException {

  public NotPermittedException(String code, String message) {
    super(code, message);
  }

  @Override
  public Category category() {
    return Category.FORBIDDEN;
  }
}
