package org.jledger.transaction;

import jakarta.json.JsonValue;
import java.util.Map;
import org.jledger.dapp.DApps;
import org.jledger.dapp.acl.AclGroupModel;
import org.jledger.dapp.acl.AclPolicy;
import org.jledger.dapp.acl.GroupDirectory;
import org.jledger.state.State;
import org.jledger.state.StateView;

/** The ACL policy transactions are checked with, its groups listed from the {@link State}. */
final class WritePermissions {

  private WritePermissions() {}

  static AclPolicy policy(DApps dapps) {
    return new AclPolicy(dapps, GroupDirectory.listing(WritePermissions::groups));
  }

  private static Map<String, JsonValue> groups(StateView view) {
    // Every state a transaction is checked against is a State; any other view lists no group,
    // so regular-expression group rules grant nothing (fail closed).
    return view instanceof State state ? state.entries(AclGroupModel.FQDN) : Map.of();
  }
}
