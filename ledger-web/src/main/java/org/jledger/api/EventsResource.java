package org.jledger.api;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseBroadcaster;
import jakarta.ws.rs.sse.SseEventSink;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jledger.chain.Block;
import org.jledger.encoding.CanonicalJson;
import org.jledger.node.LedgerNode;
import org.jledger.node.boundary.LedgerService;
import org.jledger.transaction.TransactionRecord;

/**
 * Server-sent events (DESIGN section 9): {@code block} with each committed block's header and
 * {@code transaction} with each status change. Sending never blocks the node; a client that went
 * away is dropped.
 */
@Path("events")
@ApplicationScoped
public class EventsResource {

  @EJB LedgerService ledger;

  private SseBroadcaster broadcaster;
  private Sse sse;

  @GET
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @Operation(
      summary = "Server-sent events: block and transaction",
      description =
          "block: the header of each committed block; transaction: {transaction_hash, status,"
              + " height} at each status change.")
  public void subscribe(@Context SseEventSink sink, @Context Sse sse) {
    broadcaster(sse).register(sink);
  }

  private synchronized SseBroadcaster broadcaster(Sse sse) {
    if (broadcaster == null) {
      LedgerNode node = ledger.node();
      this.sse = sse;
      broadcaster = sse.newBroadcaster();
      node.addListener(
          new LedgerNode.Listener() {
            @Override
            public void blockCommitted(Block block) {
              send("block", block.headerJson().toString());
            }

            @Override
            public void transactionChanged(TransactionRecord r) {
              JsonObjectBuilder b =
                  CanonicalJson.PROVIDER
                      .createObjectBuilder()
                      .add("transaction_hash", r.hash().hex())
                      .add("status", r.status().wireName());
              if (r.height() == null) {
                b.addNull("height");
              } else {
                b.add("height", r.height());
              }
              send("transaction", CanonicalJson.toCanonicalString(b.build()));
            }
          });
    }
    return broadcaster;
  }

  private void send(String name, String data) {
    broadcaster.broadcast(
        sse.newEventBuilder()
            .name(name)
            .mediaType(MediaType.APPLICATION_JSON_TYPE)
            .data(data)
            .build());
  }
}
