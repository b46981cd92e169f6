package org.jledger;

/** The thing asked for does not exist (a block, a transaction, a height); nothing changed. */
public class NotFoundException extends LedgerException {

  public NotFoundException(String code, String message) {
    super(code, message);
  }

  @Override
  public Category category() {
    return Category.NOT_FOUND;
  }
}
