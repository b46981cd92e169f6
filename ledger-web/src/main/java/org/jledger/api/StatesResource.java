package org.jledger.api;

import jakarta.ejb.EJB;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jledger.NotFoundException;
import org.jledger.encoding.CanonicalJson;
import org.jledger.node.LedgerNode;
import org.jledger.node.boundary.LedgerService;
import org.jledger.state.State;

/** States by height, and single entries with their Merkle proofs (DESIGN sections 6 and 9). */
@Path("state")
public class StatesResource {

  @EJB LedgerService ledger;

  @Context HttpServletRequest request;

  @GET
  @Path("{height}")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "The state at a height (-1 = head)",
      description =
          "model (repeatable) limits the answer to those models, so a big state is not"
              + " sent whole. Only the entries the caller may read (plug.ext.acl read ACLs)"
              + " are in the answer.")
  @APIResponse(responseCode = "200", description = "The state")
  @APIResponse(responseCode = "404", description = "No such height yet")
  public Response state(
      @PathParam("height") String height, @QueryParam("model") List<String> models) {
    LedgerNode node = ledger.node();
    State state = state(node, height);
    Set<String> filter = null;
    if (models != null && !models.isEmpty()) {
      filter = new LinkedHashSet<>();
      for (String m : models) {
        filter.add(node.dapps().canonicalModel(m));
      }
    }
    return Json.ok(state.toJson(filter, ReadAccess.of(request, node).readable()));
  }

  @GET
  @Path("{height}/{model}/{key}")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "One entry with its inclusion or non-inclusion proof",
      description =
          "value is null when the key is absent; proof verifies against state.state_root, and"
              + " the state object hashes to the state hash a block certifies.")
  @APIResponse(responseCode = "200", description = "The entry and its proof")
  @APIResponse(responseCode = "403", description = "The caller may not read this key")
  @APIResponse(responseCode = "404", description = "No such height, or an unknown model")
  public Response entry(
      @PathParam("height") String height,
      @PathParam("model") String model,
      @PathParam("key") String key) {
    LedgerNode node = ledger.node();
    State state = state(node, height);
    String canonical = node.dapps().canonicalModel(model);
    ReadAccess.of(request, node).checkReadable(canonical, key);
    return Json.ok(
        CanonicalJson.PROVIDER
            .createObjectBuilder()
            .add("model", canonical)
            .add("key", key)
            .add("value", state.get(canonical, key).orElse(JsonValue.NULL))
            .add("height", state.height())
            .add("state_hash", state.hash().hex())
            .add("state", state.header())
            .add("proof", state.prove(canonical, key).toJson())
            .build());
  }

  private static State state(LedgerNode node, String height) {
    long h = Json.height(height);
    return node.state(h)
        .orElseThrow(
            () ->
                new NotFoundException(
                    "unknown_height", "no state " + h + " yet; the head is " + node.height()));
  }
}
