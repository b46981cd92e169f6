package org.jledger.api;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jledger.InvalidInputException;
import org.jledger.LedgerException;
import org.jledger.encoding.CanonicalJson;
import org.jledger.node.boundary.LedgerService;
import org.jledger.transaction.Transaction;

/**
 * Submitting many transactions in one request, each on its own: one request's cost (HTTP, JSON, the
 * wait for the store) shared by all. This path is this node's addition to DESIGN section 9.
 */
@Path("transactions")
@ApplicationScoped
public class TransactionBatchResource {

  /** Most transactions in one request. */
  static final int MAX_BATCH = 1000;

  @EJB LedgerService ledger;

  @POST
  @Consumes(MediaType.WILDCARD)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Submit signed transactions, each on its own",
      description =
          "A JSON array of 1 to "
              + MAX_BATCH
              + " transactions, each admitted or refused as if it had been submitted alone (one"
              + " refused leaves the others alone). 200 with {\"results\": [...]} in their order:"
              + " {\"transaction_hash\", \"status\"} for one admitted or already known, as POST"
              + " /transaction answers it, or {\"transaction_hash\" (when it could be read),"
              + " \"error\": problem} for one refused; an error of status 503 means: submit that"
              + " one again later.")
  @APIResponse(responseCode = "200", description = "Each transaction's answer, in their order")
  @APIResponse(
      responseCode = "400",
      description = "Not a JSON array of 1 to " + MAX_BATCH + " items; nothing was admitted")
  @APIResponse(responseCode = "413", description = "Body too large")
  @APIResponse(responseCode = "503", description = "The node is loading")
  public Response submitAll(String body) {
    if (!(CanonicalJson.parse(body) instanceof JsonArray items)
        || items.isEmpty()
        || items.size() > MAX_BATCH) {
      throw new InvalidInputException(
          "invalid_batch", "the body must be a JSON array of 1 to " + MAX_BATCH + " transactions");
    }
    JsonObject[] answers = new JsonObject[items.size()];
    List<Transaction> txs = new ArrayList<>(items.size());
    List<Integer> at = new ArrayList<>(items.size());
    for (int i = 0; i < answers.length; i++) {
      try {
        txs.add(Transaction.fromJson(items.get(i)));
        at.add(i);
      } catch (LedgerException malformed) {
        answers[i] = refused(null, malformed);
      }
    }
    if (!txs.isEmpty()) {
      List<LedgerService.Submission> submitted = ledger.submitAll(txs);
      for (int j = 0; j < txs.size(); j++) {
        LedgerService.Submission s = submitted.get(j);
        answers[at.get(j)] =
            s.refusal() == null
                ? TransactionsResource.answer(s.record())
                : refused(txs.get(j), s.refusal());
      }
    }
    JsonArrayBuilder results = CanonicalJson.PROVIDER.createArrayBuilder();
    for (JsonObject a : answers) {
      results.add(a);
    }
    return Json.ok(CanonicalJson.PROVIDER.createObjectBuilder().add("results", results).build());
  }

  private static JsonObject refused(Transaction tx, LedgerException refusal) {
    JsonObjectBuilder o = CanonicalJson.PROVIDER.createObjectBuilder();
    if (tx != null) {
      o.add("transaction_hash", tx.hash().hex());
    }
    return o.add("error", Problem.of(refusal).toJson()).build();
  }
}
