package org.jledger.dapp.acl;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jledger.dapp.MutableStateSlice;
import org.jledger.dapp.StateSlice;
import org.jledger.dapp.Transform;
import org.jledger.dapp.TransformName;
import org.jledger.dapp.TransformRejectedException;

/**
 * Changes a group's membership in {@link AclGroupModel}; {@code author} must sign.
 *
 * <pre>{@code
 * {"fqdn": "plug.ext.acl.ACLGroupTransform", "author": "1Adm..", "group": "staff",
 *  "add": ["1New.."], "remove": ["1Old.."]}
 * }</pre>
 *
 * <p>{@code add} and {@code remove} are optional lists of addresses; at least one must list
 * something, and no address may be in both. Added members go to the end of the list in the given
 * order; adding a member or removing a non-member changes nothing. A group left without members is
 * deleted. Refusals: {@code invalid_address}, {@code invalid_acl} (a reserved group name or an
 * address both added and removed), {@code empty_update}.
 *
 * <p>Who may run it is decided by {@link AclPolicy#checkWrite}: without an {@link AclWriteModel}
 * entry for {@code plug.ext.acl.ACLGroupTransform} (e.g. {@code {"author": ["admin"]}}) anyone
 * could add themselves to any group.
 */
@TransformName("plug.ext.acl.ACLGroupTransform")
public record AclGroupTransform(
    String author, String group, Optional<List<String>> add, Optional<List<String>> remove)
    implements Transform {

  public AclGroupTransform {
    Objects.requireNonNull(author, "author");
    Objects.requireNonNull(group, "group");
    add = Optional.of(List.copyOf(add.orElse(List.of())));
    remove = Optional.of(List.copyOf(remove.orElse(List.of())));
  }

  @Override
  public Set<String> requiredAuthorizations() {
    return Set.of(author);
  }

  @Override
  public Set<String> requiredModels() {
    return Set.of(AclGroupModel.FQDN);
  }

  @Override
  public Set<String> requiredKeys() {
    return Set.of(group);
  }

  @Override
  public void verify(StateSlice slice) {
    check();
  }

  @Override
  public void apply(MutableStateSlice slice) {
    check();
    Set<String> members =
        new LinkedHashSet<>(AclGroupModel.members(slice.get(AclGroupModel.FQDN, group)));
    members.addAll(add.orElseThrow());
    members.removeAll(remove.orElseThrow());
    if (members.isEmpty()) {
      slice.remove(AclGroupModel.FQDN, group);
    } else {
      slice.put(AclGroupModel.FQDN, group, AclGroupModel.of(new ArrayList<>(members)));
    }
  }

  private void check() {
    Transform.requireAddress("author", author);
    AclRules.checkGroupName(group);
    List<String> added = add.orElseThrow();
    List<String> removed = remove.orElseThrow();
    if (added.isEmpty() && removed.isEmpty()) {
      throw new TransformRejectedException(
          "empty_update", "add and remove are both empty; nothing to change in group " + group);
    }
    for (int i = 0; i < added.size(); i++) {
      Transform.requireAddress("add[" + i + "]", added.get(i));
    }
    for (int i = 0; i < removed.size(); i++) {
      Transform.requireAddress("remove[" + i + "]", removed.get(i));
    }
    Set<String> both = new HashSet<>(added);
    both.retainAll(removed);
    if (!both.isEmpty()) {
      throw AclRules.invalid("addresses both added and removed: " + both);
    }
  }
}
