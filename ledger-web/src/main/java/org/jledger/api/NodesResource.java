package org.jledger.api;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jledger.encoding.CanonicalJson;
import org.jledger.node.boundary.Condition;
import org.jledger.node.boundary.NodeInfo;
import org.jledger.node.boundary.NodeStatus;

/** This node itself: whether it is ready and why, and what it found in its database. */
@Path("node")
@ApplicationScoped
public class NodesResource {

  @EJB private NodeStatus status;

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "This node's readiness and database",
      description =
          "ready: whether every start-up condition is met; conditions: each with its last detail;"
              + " database: the start-up row (absent until it was written).")
  @APIResponse(responseCode = "200", description = "The node's status")
  public Response get() {
    JsonArrayBuilder conditions = CanonicalJson.PROVIDER.createArrayBuilder();
    for (Condition c : status.conditions()) {
      conditions.add(
          CanonicalJson.PROVIDER
              .createObjectBuilder()
              .add("name", c.name())
              .add("met", c.met())
              .add("detail", c.detail()));
    }
    JsonObjectBuilder node =
        CanonicalJson.PROVIDER
            .createObjectBuilder()
            .add("ready", status.isReady())
            .add("conditions", conditions);
    status.info().ifPresent(info -> node.add("database", database(info)));
    return Response.ok(CanonicalJson.encode(node.build()), MediaType.APPLICATION_JSON).build();
  }

  private static JsonObjectBuilder database(NodeInfo info) {
    return CanonicalJson.PROVIDER
        .createObjectBuilder()
        .add("schema_version", info.schemaVersion())
        .add("software_version", info.softwareVersion())
        .add("first_started", info.firstStarted().toString())
        .add("last_started", info.lastStarted().toString())
        .add("starts", info.starts());
  }
}
