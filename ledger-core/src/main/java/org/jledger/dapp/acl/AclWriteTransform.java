package org.jledger.dapp.acl;

import jakarta.json.JsonObject;
import java.util.Objects;
import java.util.Set;
import org.jledger.dapp.MutableStateSlice;
import org.jledger.dapp.StateSlice;
import org.jledger.dapp.Transform;
import org.jledger.dapp.TransformName;
import org.jledger.dapp.TransformRejectedException;

/**
 * Sets who may run a transform: replaces its {@link AclWriteModel} entry with {@code rules}; {@code
 * author} must sign.
 *
 * <pre>{@code
 * {"fqdn": "plug.ext.acl.ACLWriteTransform", "author": "1Adm..",
 *  "transform": "demo.BalanceTransfer", "rules": {"sender": ["admin"]}}
 * }</pre>
 *
 * <p>{@code rules} maps a field of that transform (its JSON name) to a non-empty list of groups
 * ({@code name}, {@code a|b}, {@code ^regex$}, {@code _all} or {@code _none}); see {@link
 * AclPolicy#checkWrite}. Empty {@code rules} delete the entry, which lets anyone run the transform
 * again. Name the transform by its canonical FQDN: the policy applies every entry stored under any
 * of its names. Refusals: {@code invalid_address}, {@code invalid_acl}.
 */
@TransformName("plug.ext.acl.ACLWriteTransform")
public record AclWriteTransform(String author, String transform, JsonObject rules)
    implements Transform {

  public AclWriteTransform {
    Objects.requireNonNull(author, "author");
    Objects.requireNonNull(transform, "transform");
    Objects.requireNonNull(rules, "rules");
  }

  @Override
  public Set<String> requiredAuthorizations() {
    return Set.of(author);
  }

  @Override
  public Set<String> requiredModels() {
    return Set.of(AclWriteModel.FQDN);
  }

  @Override
  public Set<String> requiredKeys() {
    return Set.of(transform);
  }

  @Override
  public void verify(StateSlice slice) {
    check();
  }

  @Override
  public void apply(MutableStateSlice slice) {
    check();
    if (rules.isEmpty()) {
      slice.remove(AclWriteModel.FQDN, transform);
    } else {
      slice.put(AclWriteModel.FQDN, transform, rules);
    }
  }

  private void check() {
    Transform.requireAddress("author", author);
    if (transform.isEmpty()) {
      throw new TransformRejectedException("invalid_acl", "transform must name a transform");
    }
    AclRules.checkWriteRules(rules);
  }
}
