package org.jledger.api;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jledger.NotFoundException;
import org.jledger.encoding.CanonicalJson;
import org.jledger.encoding.Hash;
import org.jledger.node.boundary.LedgerService;
import org.jledger.transaction.Transaction;
import org.jledger.transaction.TransactionRecord;

/** Submitting transactions and following them (DESIGN section 9). */
@Path("transaction")
@ApplicationScoped
public class TransactionsResource {

  @EJB LedgerService ledger;

  @POST
  @Consumes(MediaType.WILDCARD)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Submit a signed transaction",
      description =
          "Runs the admission check against the head state. Admitted: 202 with status pending;"
              + " the same transaction again answers its current status.")
  @APIResponse(responseCode = "202", description = "Admitted (or already known)")
  @APIResponse(responseCode = "400", description = "Malformed or refused, with the reason")
  @APIResponse(responseCode = "413", description = "Body too large")
  @APIResponse(responseCode = "503", description = "The node is loading or its pool is full")
  public Response submit(String body) {
    Transaction tx = Transaction.parse(body);
    return Json.status(202, answer(ledger.submit(tx)));
  }

  /** The answer to a submission: the transaction's hash and status. */
  static JsonObject answer(TransactionRecord record) {
    return CanonicalJson.PROVIDER
        .createObjectBuilder()
        .add("transaction_hash", record.hash().hex())
        .add("status", record.status().wireName())
        .build();
  }

  @GET
  @Path("{hash}")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "A transaction's status, block and reason, and the transaction as signed")
  @APIResponse(responseCode = "200", description = "Known")
  @APIResponse(responseCode = "400", description = "Not a 64-hex-character hash")
  @APIResponse(responseCode = "404", description = "Unknown to this node")
  public Response get(@PathParam("hash") String hash) {
    Hash h = Hash.fromHex(hash, "transaction hash");
    return Json.ok(
        ledger
            .node()
            .transaction(h)
            .orElseThrow(
                () -> new NotFoundException("unknown_transaction", "no transaction " + hash))
            .toJson());
  }
}
