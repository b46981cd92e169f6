package org.jledger.dapp.acl;

import java.util.Collection;
import java.util.List;
import org.jledger.dapp.DApp;
import org.jledger.dapp.Model;
import org.jledger.dapp.Transform;

/** Plug's ACL extension: groups, read and write ACLs, and the transforms that change them. */
public final class AclDApp implements DApp {

  @Override
  public Collection<Model> models() {
    return List.of(new AclGroupModel(), new AclReadModel(), new AclWriteModel());
  }

  @Override
  public Collection<Class<? extends Transform>> transforms() {
    return List.of(AclGroupTransform.class, AclReadTransform.class, AclWriteTransform.class);
  }
}
