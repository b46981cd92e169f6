package org.jledger.chain;

class InMemoryBlockStoreTest extends AbstractBlockStoreTest {

  @Override
  protected BlockStore newStore() {
    return new InMemoryBlockStore();
  }
}
