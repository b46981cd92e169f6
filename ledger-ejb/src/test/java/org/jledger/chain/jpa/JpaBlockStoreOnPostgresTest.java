package org.jledger.chain.jpa;

import org.jledger.chain.AbstractBlockStoreTest;
import org.jledger.chain.BlockStore;
import org.junit.jupiter.api.AfterEach;

/** The {@link BlockStore} contract on PostgreSQL (a fresh database per test, dropped after). */
class JpaBlockStoreOnPostgresTest extends AbstractBlockStoreTest {

  private JpaFixture fixture;

  @Override
  protected BlockStore newStore() {
    fixture = JpaFixture.postgres();
    return fixture.blockStore();
  }

  @AfterEach
  void close() throws Exception {
    fixture.close();
  }
}
