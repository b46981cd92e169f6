package org.jledger.api;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jledger.consensus.ValidatorSet;
import org.jledger.crypto.Address;
import org.jledger.encoding.CanonicalJson;
import org.jledger.encoding.Timestamps;
import org.jledger.node.LedgerNode;
import org.jledger.node.boundary.LedgerService;

/** The network this node belongs to and the node itself (DESIGN section 9). */
@Path("network")
@ApplicationScoped
public class NetworkResource {

  @EJB LedgerService ledger;

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Network id, quorum, head height, validators and this node",
      description =
          "height is the head state's height (the number of committed blocks); a validator's"
              + " last_seen is when this node last received (or, for itself, sent) a validly"
              + " signed consensus message of it, null if never since it started.")
  @APIResponse(responseCode = "200", description = "The network")
  public Response network() {
    LedgerNode node = ledger.node();
    ValidatorSet validators = node.validators();
    JsonArrayBuilder vs = CanonicalJson.PROVIDER.createArrayBuilder();
    for (Map.Entry<Address, Long> v : validators.power().entrySet()) {
      vs.add(
          CanonicalJson.PROVIDER
              .createObjectBuilder()
              .add("address", v.getKey().value())
              .add("voting_power", v.getValue())
              .add(
                  "last_seen",
                  ledger
                      .lastSeen(v.getKey())
                      .<JsonValue>map(t -> CanonicalJson.PROVIDER.createValue(Timestamps.format(t)))
                      .orElse(JsonValue.NULL)));
    }
    JsonObjectBuilder self =
        CanonicalJson.PROVIDER.createObjectBuilder().add("name", ledger.name());
    ledger
        .address()
        .ifPresentOrElse(a -> self.add("address", a.value()), () -> self.addNull("address"));
    self.add("validator", ledger.address().map(validators::isValidator).orElse(false));
    return Json.ok(
        CanonicalJson.PROVIDER
            .createObjectBuilder()
            .add("network_id", node.networkId())
            .add("quorum", validators.quorum())
            .add("byzantine_fault_tolerant", validators.isByzantineFaultTolerant())
            .add("height", node.height())
            .add("total_voting_power", validators.totalPower())
            .add("validators", vs)
            .add("node", self)
            .add("pool_size", node.poolSize())
            .build());
  }
}
