package org.jledger.consensus.jpa;

import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import java.util.Optional;
import java.util.function.Consumer;
import org.jledger.chain.Block;
import org.jledger.consensus.ConsensusPorts;
import org.jledger.encoding.CanonicalJson;

/**
 * The {@link ConsensusPorts.SafetyStore} on the node's database. Each record is written in the
 * transaction it is given (in the container, one of its own, committed before the record returns),
 * so it is durable before the machine sends the message it records: were it written in the
 * transaction of the consensus step, the message would leave before that committed, and a crash or
 * a failed commit in between would leave a vote in the network that the restarted validator does
 * not know it signed.
 */
public final class JpaSafetyStore implements ConsensusPorts.SafetyStore {

  private final EntityManager em;
  private final Consumer<Runnable> recordTransaction;

  /** A store whose records join the caller's transaction. */
  public JpaSafetyStore(EntityManager em) {
    this(em, Runnable::run);
  }

  /** A store that writes each record in the transaction {@code recordTransaction} runs it in. */
  public JpaSafetyStore(EntityManager em, Consumer<Runnable> recordTransaction) {
    this.em = em;
    this.recordTransaction = recordTransaction;
  }

  private static String slot(long height, long round, String kind) {
    return height + "/" + round + "/" + kind;
  }

  @Override
  public Optional<JsonObject> signed(long height, long round, String kind) {
    return Optional.ofNullable(em.find(StoredSigningRecord.class, slot(height, round, kind)))
        .map(r -> CanonicalJson.parseObject(r.json()));
  }

  @Override
  public void recordSigned(long height, long round, String kind, JsonObject message) {
    String slot = slot(height, round, kind);
    recordTransaction.accept(
        () -> {
          if (em.find(StoredSigningRecord.class, slot) == null) {
            em.persist(new StoredSigningRecord(slot, height, CanonicalJson.encode(message)));
            em.flush();
          }
        });
  }

  @Override
  public Optional<ConsensusPorts.Lock> lock(long height) {
    return Optional.ofNullable(em.find(StoredLock.class, height))
        .map(
            l ->
                new ConsensusPorts.Lock(l.round(), Block.fromJson(CanonicalJson.parse(l.block()))));
  }

  @Override
  public void recordLock(long height, ConsensusPorts.Lock lock) {
    byte[] json = CanonicalJson.encode(lock.block().toJson());
    recordTransaction.accept(
        () -> {
          StoredLock existing = em.find(StoredLock.class, height);
          if (existing == null) {
            em.persist(new StoredLock(height, lock.round(), json));
          } else {
            existing.update(lock.round(), json);
          }
          em.flush();
        });
  }
}
