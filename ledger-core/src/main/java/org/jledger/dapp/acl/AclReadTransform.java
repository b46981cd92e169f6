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
 * Sets who may read a model: replaces its {@link AclReadModel} entry with {@code rules}; {@code
 * author} must sign.
 *
 * <pre>{@code
 * {"fqdn": "plug.ext.acl.ACLReadTransform", "author": "1Adm..", "model": "demo.BalanceModel",
 *  "rules": {"_anonymous": ["_none"], "_authenticated": ["_self"], "admin|staff": ["_all"]}}
 * }</pre>
 *
 * <p>{@code rules} maps each rule ({@code _anonymous}, {@code _authenticated}, a group, {@code a|b}
 * or {@code ^regex$}) to a non-empty list of targets ({@code _none}, {@code _all}, {@code _self} or
 * {@code ^regex$}); see {@link AclPolicy#canRead}. Empty {@code rules} delete the entry, which
 * makes the model readable by everyone again. Name the model by its canonical FQDN: the policy
 * applies every entry stored under any of the model's names. Refusals: {@code invalid_address},
 * {@code invalid_acl}.
 */
@TransformName("plug.ext.acl.ACLReadTransform")
public record AclReadTransform(String author, String model, JsonObject rules) implements Transform {

  public AclReadTransform {
    Objects.requireNonNull(author, "author");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(rules, "rules");
  }

  @Override
  public Set<String> requiredAuthorizations() {
    return Set.of(author);
  }

  @Override
  public Set<String> requiredModels() {
    return Set.of(AclReadModel.FQDN);
  }

  @Override
  public Set<String> requiredKeys() {
    return Set.of(model);
  }

  @Override
  public void verify(StateSlice slice) {
    check();
  }

  @Override
  public void apply(MutableStateSlice slice) {
    check();
    if (rules.isEmpty()) {
      slice.remove(AclReadModel.FQDN, model);
    } else {
      slice.put(AclReadModel.FQDN, model, rules);
    }
  }

  private void check() {
    Transform.requireAddress("author", author);
    if (model.isEmpty()) {
      throw new TransformRejectedException("invalid_acl", "model must name a model");
    }
    AclRules.checkReadRules(rules);
  }
}
