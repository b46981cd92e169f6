package org.jledger.node.boundary;

import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether this node is ready to serve, as a set of named {@link Condition}s. The node is ready when
 * every {@link #REQUIRED_CONDITIONS required condition} is met. Until reported, a condition is
 * unmet with the detail {@code "not checked yet"}.
 */
@Singleton
@Lock(LockType.READ)
public class NodeStatus {

  /** The data source answered and the start-up row was written. */
  public static final String DATABASE = "database";

  /** The stored chain was re-verified from genesis and loaded. */
  public static final String CHAIN = "chain";

  /**
   * The node is logged in to its broker (or has none configured: a network of one node). While
   * unmet, the detail says why: the login was refused, or the broker cannot be reached.
   */
  public static final String BROKER = "broker";

  /** Every condition a node needs before it is ready. */
  public static final List<String> REQUIRED_CONDITIONS = List.of(DATABASE, CHAIN, BROKER);

  private final Map<String, Condition> conditions = new LinkedHashMap<>();
  private NodeInfo info;

  public NodeStatus() {
    for (String name : REQUIRED_CONDITIONS) {
      conditions.put(name, new Condition(name, false, "not checked yet"));
    }
  }

  /** Reports that the named required condition holds. */
  @Lock(LockType.WRITE)
  public void met(String name, String detail) {
    put(new Condition(name, true, detail));
  }

  /** Reports that the named required condition does not hold (any more). */
  @Lock(LockType.WRITE)
  public void unmet(String name, String detail) {
    put(new Condition(name, false, detail));
  }

  /** Records what start-up found in the database. */
  @Lock(LockType.WRITE)
  public void started(NodeInfo info) {
    this.info = info;
  }

  public boolean isMet(String name) {
    Condition c = conditions.get(name);
    return c != null && c.met();
  }

  public boolean isReady() {
    return conditions.values().stream().allMatch(Condition::met);
  }

  /** Every required condition in {@link #REQUIRED_CONDITIONS} order. */
  public List<Condition> conditions() {
    return List.copyOf(conditions.values());
  }

  /** What start-up found in the database; empty until the start-up row was written. */
  public Optional<NodeInfo> info() {
    return Optional.ofNullable(info);
  }

  private void put(Condition condition) {
    if (!conditions.containsKey(condition.name())) {
      throw new IllegalArgumentException(
          "unknown condition " + condition.name() + "; required are " + REQUIRED_CONDITIONS);
    }
    conditions.put(condition.name(), condition);
  }
}
