package org.jledger.dapp;

import java.util.Collection;
import java.util.List;

/**
 * A decentralized application: models and transforms installed on every node of a network. A DApp
 * is a jar in the application's libraries that registers its implementation of this interface in
 * {@code META-INF/services/org.jledger.dapp.DApp}; {@link DAppRegistry#load} finds it with {@link
 * java.util.ServiceLoader}. A node runs only what its configuration whitelists ({@link
 * DAppRegistry#select}).
 *
 * <p>A provider needs a public no-argument constructor. Names are global: two installed DApps must
 * not declare the same FQDN or alias.
 */
public interface DApp {

  /** The models this DApp defines. */
  Collection<Model> models();

  /** The transforms this DApp defines: records annotated with {@link TransformName}. */
  default Collection<Class<? extends Transform>> transforms() {
    return List.of();
  }
}
