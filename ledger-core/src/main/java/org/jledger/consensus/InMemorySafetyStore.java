package org.jledger.consensus;

import jakarta.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** A {@link ConsensusPorts.SafetyStore} in memory, for tests and simulations. */
public final class InMemorySafetyStore implements ConsensusPorts.SafetyStore {

  private final Map<String, JsonObject> signed = new HashMap<>();
  private final Map<Long, ConsensusPorts.Lock> locks = new HashMap<>();

  @Override
  public synchronized Optional<JsonObject> signed(long height, long round, String kind) {
    return Optional.ofNullable(signed.get(height + "/" + round + "/" + kind));
  }

  @Override
  public synchronized void recordSigned(long height, long round, String kind, JsonObject message) {
    signed.putIfAbsent(height + "/" + round + "/" + kind, message);
  }

  @Override
  public synchronized Optional<ConsensusPorts.Lock> lock(long height) {
    return Optional.ofNullable(locks.get(height));
  }

  @Override
  public synchronized void recordLock(long height, ConsensusPorts.Lock lock) {
    locks.put(height, lock);
  }
}
