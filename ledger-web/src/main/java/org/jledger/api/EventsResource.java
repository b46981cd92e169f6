package org.jledger.api;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jledger.chain.Block;
import org.jledger.dapp.acl.Caller;
import org.jledger.dapp.acl.ReadPermissions;
import org.jledger.encoding.CanonicalJson;
import org.jledger.node.LedgerNode;
import org.jledger.node.boundary.LedgerService;
import org.jledger.state.State;
import org.jledger.state.StateKey;
import org.jledger.transaction.TransactionRecord;

/**
 * Server-sent events (DESIGN section 9): {@code block} with each committed block's header, {@code
 * transaction} with each status change, and {@code state} with the entries each block changed, only
 * those the subscriber may read (its caller is the one its request proved; its ledger groups are
 * taken from each new head, so permission changes apply from the height that shows them). A
 * subscriber that went away is dropped.
 */
@Path("events")
@ApplicationScoped
public class EventsResource {

  /** One open stream and who opened it. */
  private record Subscriber(SseEventSink sink, Caller presented) {}

  @EJB LedgerService ledger;

  private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
  private Sse sse;
  private ReadPermissions permissions;

  @GET
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @Operation(
      summary = "Server-sent events: block, transaction and state",
      description =
          "block: the header of each committed block; transaction: {transaction_hash, status,"
              + " height} at each status change; state: {height, state_hash, changes: [{model,"
              + " key, value}]} with the entries a block changed that the caller may read (value"
              + " null = deleted).")
  public void subscribe(
      @Context SseEventSink sink, @Context Sse sse, @Context HttpServletRequest request) {
    listen(sse);
    subscribers.add(new Subscriber(sink, ReadAccess.presented(request)));
  }

  private synchronized void listen(Sse sse) {
    if (this.sse != null) {
      return;
    }
    LedgerNode node = ledger.node();
    this.sse = sse;
    this.permissions = new ReadPermissions(node.dapps());
    node.addListener(
        new LedgerNode.Listener() {
          @Override
          public void blockCommitted(Block block) {
            String data = block.headerJson().toString();
            send(s -> event("block", data));
          }

          @Override
          public void transactionChanged(TransactionRecord r) {
            if (subscribers.isEmpty()) {
              return; // called for every transaction twice: build nothing nobody reads
            }
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
            String data = CanonicalJson.toCanonicalString(b.build());
            send(s -> event("transaction", data));
          }

          @Override
          public void stateCommitted(State state, Map<StateKey, Optional<JsonValue>> changes) {
            send(s -> stateEvent(s, state, changes));
          }
        });
  }

  private OutboundSseEvent stateEvent(
      Subscriber s, State state, Map<StateKey, Optional<JsonValue>> changes) {
    Caller caller = permissions.caller(s.presented(), state);
    JsonArrayBuilder readable = CanonicalJson.PROVIDER.createArrayBuilder();
    permissions
        .filterChanges(caller, changes, state)
        .forEach(
            (key, value) ->
                readable.add(
                    CanonicalJson.PROVIDER
                        .createObjectBuilder()
                        .add("model", key.model())
                        .add("key", key.key())
                        .add("value", value.orElse(JsonValue.NULL))));
    return event(
        "state",
        CanonicalJson.toCanonicalString(
            CanonicalJson.PROVIDER
                .createObjectBuilder()
                .add("height", state.height())
                .add("state_hash", state.hash().hex())
                .add("changes", readable)
                .build()));
  }

  private OutboundSseEvent event(String name, String data) {
    return sse.newEventBuilder()
        .name(name)
        .mediaType(MediaType.APPLICATION_JSON_TYPE)
        .data(data)
        .build();
  }

  private void send(Function<Subscriber, OutboundSseEvent> event) {
    for (Subscriber s : subscribers) {
      if (s.sink().isClosed()) {
        subscribers.remove(s);
        continue;
      }
      try {
        s.sink()
            .send(event.apply(s))
            .whenComplete(
                (ok, e) -> {
                  if (e != null) {
                    drop(s);
                  }
                });
      } catch (RuntimeException e) {
        drop(s);
      }
    }
  }

  private void drop(Subscriber s) {
    subscribers.remove(s);
    try {
      s.sink().close();
    } catch (RuntimeException e) {
      // gone already
    }
  }
}
