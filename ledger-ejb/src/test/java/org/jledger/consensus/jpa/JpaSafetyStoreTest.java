package org.jledger.consensus.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jledger.chain.jpa.JpaFixture;
import org.jledger.consensus.ConsensusPorts;
import org.jledger.encoding.CanonicalJson;
import org.jledger.support.TestNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JpaSafetyStoreTest {

  @Test
  void signedMessagesAndLocksSurviveANewEntityManagerAndTheFirstRecordStays(@TempDir Path dir)
      throws Exception {
    TestNetwork net = new TestNetwork(2, 100, 1, 67);
    var block = net.chain(1).blocks().get(0);
    var vote = CanonicalJson.parseObject("{\"fqdn\":\"plug.consensus.Vote\",\"n\":1}");
    var other = CanonicalJson.parseObject("{\"fqdn\":\"plug.consensus.Vote\",\"n\":2}");
    try (JpaFixture db = JpaFixture.derby(dir)) {
      ConsensusPorts.SafetyStore store =
          db.transactional(new JpaSafetyStore(db.em), ConsensusPorts.SafetyStore.class);
      store.recordSigned(0, 1, "plug.consensus.Vote", vote);
      store.recordSigned(0, 1, "plug.consensus.Vote", other);
      store.recordLock(0, new ConsensusPorts.Lock(1, block));
      store.recordLock(0, new ConsensusPorts.Lock(2, block));
      db.emf.getCache().evictAll();
      ConsensusPorts.SafetyStore reopened =
          db.transactional(
              new JpaSafetyStore(db.emf.createEntityManager()), ConsensusPorts.SafetyStore.class);
      assertThat(store.signed(0, 1, "plug.consensus.Vote")).contains(vote);
      assertThat(reopened.signed(0, 2, "plug.consensus.Vote")).isEmpty();
      assertThat(store.lock(0).orElseThrow().round()).isEqualTo(2);
      assertThat(store.lock(0).orElseThrow().block().hash()).isEqualTo(block.hash());
      assertThat(store.lock(1)).isEmpty();

      db.em.getTransaction().begin();
      db.em.persist(
          new StoredEvidence(
              "1abc",
              0,
              1L,
              CanonicalJson.toCanonicalString(vote),
              CanonicalJson.toCanonicalString(other)));
      db.em.getTransaction().commit();
      assertThat(
              db.em
                  .createQuery("select count(e) from StoredEvidence e", Long.class)
                  .getSingleResult())
          .isEqualTo(1);
    }
  }

  /** In the container each record commits on its own before the machine sends what it records. */
  @Test
  void eachRecordIsWrittenInTheTransactionTheStoreIsGivenForIt(@TempDir Path dir) throws Exception {
    TestNetwork net = new TestNetwork(2, 100, 1, 67);
    var block = net.chain(1).blocks().get(0);
    var vote = CanonicalJson.parseObject("{\"fqdn\":\"plug.consensus.Vote\",\"n\":1}");
    try (JpaFixture db = JpaFixture.derby(dir)) {
      List<String> committed = new ArrayList<>();
      ConsensusPorts.SafetyStore store =
          new JpaSafetyStore(
              db.em,
              work -> {
                db.inTransaction(work);
                committed.add("committed");
              });

      store.recordSigned(3, 0, "plug.consensus.Vote", vote);
      store.recordLock(3, new ConsensusPorts.Lock(0, block));

      assertThat(committed).hasSize(2);
      ConsensusPorts.SafetyStore elsewhere = new JpaSafetyStore(db.emf.createEntityManager());
      assertThat(elsewhere.signed(3, 0, "plug.consensus.Vote")).contains(vote);
      assertThat(elsewhere.lock(3).orElseThrow().block().hash()).isEqualTo(block.hash());
    }
  }
}
