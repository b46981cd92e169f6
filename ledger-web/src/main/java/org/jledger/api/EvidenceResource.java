package org.jledger.api;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonArrayBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jledger.consensus.jpa.StoredEvidence;
import org.jledger.encoding.CanonicalJson;
import org.jledger.encoding.Timestamps;
import org.jledger.node.boundary.LedgerService;

/**
 * Equivocation evidence (DESIGN section 7): two different signed messages of one validator for one
 * (height, round, phase), as this node received them. Anyone can check both signatures; a
 * validator-set change can then remove the offender's voting power.
 */
@Path("evidence")
@ApplicationScoped
public class EvidenceResource {

  @EJB LedgerService ledger;

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Equivocation evidence, newest first",
      description = "limit 1 to 100 (default 20).")
  @APIResponse(responseCode = "200", description = "The evidence")
  @APIResponse(responseCode = "400", description = "A bad limit")
  public Response evidence(@QueryParam("limit") String limit) {
    ledger.node(); // 503 while loading, like every read
    int n = Json.intParam(limit, "limit", 1, BlocksResource.MAX_LIMIT, 20);
    JsonArrayBuilder out = CanonicalJson.PROVIDER.createArrayBuilder();
    for (StoredEvidence e : ledger.evidence(n)) {
      out.add(
          CanonicalJson.PROVIDER
              .createObjectBuilder()
              .add("validator", e.validator())
              .add("height", e.height())
              .add("found_at", Timestamps.format(Instant.ofEpochMilli(e.foundAtMillis())))
              .add("first", CanonicalJson.parse(e.first()))
              .add("second", CanonicalJson.parse(e.second())));
    }
    return Json.ok(CanonicalJson.PROVIDER.createObjectBuilder().add("evidence", out).build());
  }
}
