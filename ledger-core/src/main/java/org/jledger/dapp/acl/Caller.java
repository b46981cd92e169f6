package org.jledger.dapp.acl;

import java.util.Set;

/**
 * Who asks to read: an authenticated caller has an address and the groups it belongs to; the
 * anonymous caller has neither. The adapter that authenticates a request builds it, normally with
 * {@link AclPolicy#caller}.
 */
public record Caller(String address, Set<String> groups, boolean authenticated) {

  /** A caller that proved no identity. */
  public static final Caller ANONYMOUS = new Caller(null, Set.of(), false);

  public Caller {
    groups = Set.copyOf(groups);
    if (authenticated != (address != null)) {
      throw new IllegalArgumentException(
          "a caller is authenticated exactly when it has an address");
    }
    if (!authenticated && !groups.isEmpty()) {
      throw new IllegalArgumentException("an anonymous caller belongs to no group");
    }
  }

  public static Caller authenticated(String address, Set<String> groups) {
    return new Caller(address, groups, true);
  }
}
