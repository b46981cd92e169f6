package org.jledger.api;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonArrayBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jledger.InvalidInputException;
import org.jledger.NotFoundException;
import org.jledger.chain.Block;
import org.jledger.encoding.CanonicalJson;
import org.jledger.encoding.Hash;
import org.jledger.node.LedgerNode;
import org.jledger.node.boundary.LedgerService;

/** Committed blocks with their transactions and certificates (DESIGN section 9). */
@Path("")
@ApplicationScoped
public class BlocksResource {

  static final int MAX_LIMIT = 100;

  @EJB LedgerService ledger;

  @GET
  @Path("block/{id}")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "A block by height (-1 = head) or by hash, with transactions and commits")
  @APIResponse(responseCode = "200", description = "The block")
  @APIResponse(responseCode = "400", description = "Neither a height nor a hash")
  @APIResponse(responseCode = "404", description = "No such block")
  public Response block(@PathParam("id") String id) {
    LedgerNode node = ledger.node();
    Optional<byte[]> block =
        id.length() == 64
            ? node.block(Hash.fromHex(id, "block hash")).map(b -> CanonicalJson.encode(b.toJson()))
            : node.blockJson(Json.height(id));
    return Json.ok(
        block.orElseThrow(() -> new NotFoundException("unknown_block", "no block " + id)));
  }

  @GET
  @Path("blocks")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Block headers",
      description =
          "Newest first by default (order=asc for oldest first); from is the first height in that"
              + " order (default: the head, or 0 ascending); limit 1 to 100 (default 20).")
  @APIResponse(responseCode = "200", description = "The headers")
  @APIResponse(responseCode = "400", description = "A bad parameter")
  public Response blocks(
      @QueryParam("from") String from,
      @QueryParam("limit") String limit,
      @QueryParam("order") String order) {
    LedgerNode node = ledger.node();
    int n = Json.intParam(limit, "limit", 1, MAX_LIMIT, 20);
    boolean ascending = "asc".equals(order);
    if (order != null && !ascending && !"desc".equals(order)) {
      throw new InvalidInputException("invalid_parameter", "order must be asc or desc");
    }
    long head = node.height() - 1;
    long start = from == null || from.isEmpty() ? (ascending ? 0 : head) : Json.height(from);
    if (start == -1) {
      start = head;
    }
    List<Block> blocks;
    if (ascending) {
      blocks = node.blocks(start, n);
    } else {
      long first = Math.max(0, start - n + 1);
      blocks =
          start < 0 ? List.of() : new ArrayList<>(node.blocks(first, (int) (start - first + 1)));
      Collections.reverse(blocks);
    }
    JsonArrayBuilder out = CanonicalJson.PROVIDER.createArrayBuilder();
    blocks.forEach(b -> out.add(b.headerJson()));
    return Json.ok(
        CanonicalJson.PROVIDER
            .createObjectBuilder()
            .add("height", node.height())
            .add("blocks", out)
            .build());
  }
}
