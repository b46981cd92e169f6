package org.jledger.consensus.jpa;

import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import java.util.Optional;
import org.jledger.chain.Block;
import org.jledger.consensus.ConsensusPorts;
import org.jledger.encoding.CanonicalJson;

/**
 * The {@link ConsensusPorts.SafetyStore} on the node's database. Each record is flushed at once,
 * before the machine sends the message it records.
 */
public final class JpaSafetyStore implements ConsensusPorts.SafetyStore {

  private final EntityManager em;

  public JpaSafetyStore(EntityManager em) {
    this.em = em;
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
    if (em.find(StoredSigningRecord.class, slot) == null) {
      em.persist(new StoredSigningRecord(slot, height, CanonicalJson.encode(message)));
      em.flush();
    }
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
    StoredLock existing = em.find(StoredLock.class, height);
    if (existing == null) {
      em.persist(new StoredLock(height, lock.round(), json));
    } else {
      existing.update(lock.round(), json);
    }
    em.flush();
  }
}
