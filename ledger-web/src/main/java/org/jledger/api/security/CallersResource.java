package org.jledger.api.security;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.TreeSet;
import org.jledger.dapp.acl.Caller;
import org.jledger.encoding.CanonicalJson;

/**
 * {@code GET /api/v1/caller}: who this request is to the node, so clients and operators can check
 * their certificate or directory login: {@code {"authenticated", "address", "groups"}}, with the
 * groups as the directory gave them after mapping (not the groups ledger state adds).
 */
@Path("caller")
public class CallersResource {

  @Context HttpServletRequest request;

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public String caller() {
    Caller caller =
        request.getAttribute(CallerAuthentication.CALLER_ATTRIBUTE) instanceof Caller c
            ? c
            : Caller.ANONYMOUS;
    JsonArrayBuilder groups = CanonicalJson.PROVIDER.createArrayBuilder();
    new TreeSet<>(caller.groups()).forEach(groups::add);
    JsonObjectBuilder answer =
        CanonicalJson.PROVIDER.createObjectBuilder().add("authenticated", caller.authenticated());
    if (caller.address() == null) {
      answer.addNull("address");
    } else {
      answer.add("address", caller.address());
    }
    return CanonicalJson.toCanonicalString(answer.add("groups", groups).build());
  }
}
