package org.jledger.api;

import jakarta.servlet.http.HttpServletRequest;
import java.util.function.BiPredicate;
import org.jledger.NotPermittedException;
import org.jledger.dapp.acl.Caller;
import org.jledger.dapp.acl.ReadPermissions;
import org.jledger.node.LedgerNode;
import org.jledger.state.State;

/**
 * What the caller of one request may read (Plug's read ACLs, {@code plug.ext.acl}), decided by the
 * node's head. The authentication layer leaves the caller it proved in the request attribute {@link
 * #CALLER_ATTRIBUTE} (directory groups already mapped to ACL groups); no attribute means an
 * anonymous caller. The groups the ledger lists the caller's address in are added here.
 */
final class ReadAccess {

  /** The request attribute holding the authenticated {@link Caller}. */
  static final String CALLER_ATTRIBUTE = "org.jledger.caller";

  private final ReadPermissions permissions;
  private final State decider;
  private final Caller caller;

  private ReadAccess(ReadPermissions permissions, State decider, Caller caller) {
    this.permissions = permissions;
    this.decider = decider;
    this.caller = caller;
  }

  static ReadAccess of(HttpServletRequest request, LedgerNode node) {
    ReadPermissions permissions = new ReadPermissions(node.dapps());
    State head = node.head();
    return new ReadAccess(permissions, head, permissions.caller(presented(request), head));
  }

  /** The caller the request's authentication proved, without its ledger groups. */
  static Caller presented(HttpServletRequest request) {
    return request != null && request.getAttribute(CALLER_ATTRIBUTE) instanceof Caller c
        ? c
        : Caller.ANONYMOUS;
  }

  /** The test of (model FQDN, key) for this answer. */
  BiPredicate<String, String> readable() {
    return permissions.readable(caller, decider);
  }

  /** Refuses (403) a key the caller may not read, before anything of it is looked up. */
  void checkReadable(String model, String key) {
    if (!permissions.canRead(caller, model, key, decider)) {
      throw new NotPermittedException(
          "read_not_permitted",
          (caller.authenticated() ? caller.address() : "an anonymous caller")
              + " may not read this key of "
              + model
              + " (its read ACL, plug.ext.acl.ACLReadModel)");
    }
  }
}
