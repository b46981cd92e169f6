package org.jledger.dapp.acl;

import jakarta.json.JsonValue;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import org.jledger.dapp.DApps;
import org.jledger.state.State;
import org.jledger.state.StateKey;

/**
 * What a caller may read: the read ACLs ({@link AclReadModel}) and groups ({@link AclGroupModel})
 * of one deciding state, applied to entries of any state. The node decides with its head, so a
 * permission change (an ordinary ACL transaction) takes effect for readers at the height that shows
 * it, and tightening a rule also hides older states' values of the key.
 *
 * <p>A caller's groups are those its authentication gave it (directory groups already mapped to ACL
 * group names) plus every group whose {@link AclGroupModel} entry lists its address.
 */
public final class ReadPermissions {

  private final AclPolicy policy;

  public ReadPermissions(DApps dapps) {
    this.policy = AclPolicy.overStates(dapps);
  }

  /** {@code presented} with the groups {@code decider} lists its address in added. */
  public Caller caller(Caller presented, State decider) {
    if (!presented.authenticated()) {
      return presented;
    }
    Set<String> groups = new TreeSet<>(presented.groups());
    groups.addAll(policy.caller(presented.address(), decider).groups());
    return Caller.authenticated(presented.address(), groups);
  }

  /** Whether {@code caller} may read {@code (model, key)}, decided by {@code decider}. */
  public boolean canRead(Caller caller, String model, String key, State decider) {
    return policy.canRead(caller, model, key, decider);
  }

  /**
   * What {@code caller} may read, as a test of (model FQDN, key) that looks each model's read ACL
   * up once; for one answer (it is not thread-safe).
   */
  public BiPredicate<String, String> readable(Caller caller, State decider) {
    Map<String, Predicate<String>> byModel = new HashMap<>();
    return (model, key) ->
        byModel.computeIfAbsent(model, m -> policy.readableKeys(caller, m, decider)).test(key);
  }

  /** The changes (an empty value is a deletion) whose keys {@code caller} may read. */
  public Map<StateKey, Optional<JsonValue>> filterChanges(
      Caller caller, Map<StateKey, Optional<JsonValue>> changes, State decider) {
    BiPredicate<String, String> readable = readable(caller, decider);
    Map<StateKey, Optional<JsonValue>> kept = new TreeMap<>();
    changes.forEach(
        (key, value) -> {
          if (readable.test(key.model(), key.key())) {
            kept.put(key, value);
          }
        });
    return kept;
  }
}
