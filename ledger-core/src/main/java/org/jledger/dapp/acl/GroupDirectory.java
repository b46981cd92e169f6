package org.jledger.dapp.acl;

import jakarta.json.JsonValue;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.jledger.state.StateView;

/**
 * Which groups an address belongs to in a state: every group whose {@link AclGroupModel} entry
 * lists it. A {@link StateView} cannot list a model's keys, so the node supplies this from its
 * state; {@link AclPolicy} needs it to match {@code ^regex$} rules against a caller's groups (named
 * groups are read directly from the state).
 */
@FunctionalInterface
public interface GroupDirectory {

  /** The groups that list {@code address} in {@code state}. */
  Set<String> groupsOf(String address, StateView state);

  /**
   * A directory over a function that lists every stored {@link AclGroupModel} entry (group name ->
   * value) of a state.
   */
  static GroupDirectory listing(Function<StateView, Map<String, JsonValue>> groupEntries) {
    return (address, state) -> {
      Set<String> groups = new TreeSet<>();
      groupEntries
          .apply(state)
          .forEach(
              (group, value) -> {
                if (AclGroupModel.members(value).contains(address)) {
                  groups.add(group);
                }
              });
      return groups;
    };
  }
}
