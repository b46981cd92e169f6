package org.jledger.network.jms;

import jakarta.jms.BytesMessage;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.jledger.encoding.CanonicalJson;

/**
 * The nodes' messaging over ActiveMQ Artemis (DESIGN section 8): topics {@code
 * jledger.N.transactions}, {@code .proposals}, {@code .votes}, {@code .blocks} and the queue {@code
 * jledger.N.sync} for catch-up requests answered on a temporary queue. Bodies are canonical JSON
 * sent as the UTF-8 bytes of a {@code BytesMessage} (DESIGN says {@code TextMessage}, which Artemis
 * carries as UTF-16 and decodes twice: a proposal of megabytes cost twice its size on the wire and
 * a fifth of what a loaded node allocated); a {@code TextMessage} is still read. Messages have
 * string properties {@code fqdn} and {@code sender}; a node does not receive its own messages. A
 * node with a certificate adds it to every message as the string property {@code certificate} (its
 * PEM chain); the signed body stays as it is. A consumer that fails on a message logs it and goes
 * on. The connection reconnects by itself when the broker comes back.
 */
public final class JmsNetwork implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(JmsNetwork.class.getName());

  /** The long property that carries a block message's height. */
  private static final String HEIGHT = "height";

  /** What the node does with what arrives. */
  public interface Handlers {
    /**
     * A proposal, vote or commit.
     *
     * @param certificate the publishing node's PEM certificate chain, or null
     */
    void consensus(JsonObject message, String certificate);

    /** Gossiped transactions: one transaction object, or a JSON array of them. */
    void transaction(String json);

    /**
     * A committed block, announced or answering a catch-up request.
     *
     * @param height the block's height from the message's {@code height} property, so a block that
     *     is not needed can be dropped unparsed; empty if the sender did not set it
     */
    void block(String json, OptionalLong height);

    /** Committed blocks from a height, as canonical UTF-8 JSON, to answer a catch-up request. */
    List<byte[]> blocksFrom(long height);
  }

  private final String prefix;
  private final String self = UUID.randomUUID().toString();
  private final ActiveMQConnectionFactory factory;
  private final JMSContext producerContext;
  private final JMSProducer producer;
  private final JMSContext gossipContext;
  private final JMSProducer gossipProducer;
  private final Destination gossipTopic;

  /** Messages up to this size are sent whole. */
  private static final int LARGE_MESSAGE_BYTES = 32 * 1024 * 1024;

  /** Most gossip batches waiting to be sent; more are dropped. */
  private static final int GOSSIP_BACKLOG = 64;

  /** Most transactions in one gossip message. */
  static final int GOSSIP_BATCH = 1000;

  /** How long closing waits for the gossip still to be sent. */
  private static final long GOSSIP_FLUSH_MILLIS = 2000;

  private final ThreadPoolExecutor gossipSender =
      new ThreadPoolExecutor(
          1,
          1,
          0,
          TimeUnit.SECONDS,
          new ArrayBlockingQueue<>(GOSSIP_BACKLOG),
          r -> {
            Thread t = new Thread(r, "jledger-gossip");
            t.setDaemon(true);
            return t;
          });

  private final AtomicLong droppedGossip = new AtomicLong();
  private final List<JMSContext> contexts = new ArrayList<>();
  private final Destination replies;
  private final String certificate;

  /**
   * Connects, logs in and subscribes.
   *
   * @param certificate this node's PEM certificate chain, sent with every message, or null
   * @throws BrokerUnavailableException when the broker refuses the login or cannot be reached;
   *     nothing is left open then
   */
  public JmsNetwork(
      BrokerConnection broker, String networkId, String certificate, Handlers handlers) {
    this.prefix = "jledger." + networkId + ".";
    this.certificate = certificate;
    this.factory =
        new ActiveMQConnectionFactory(broker.connectorUrl(), broker.user(), broker.password());
    // A proposal carries a whole block, often megabytes: sent whole, not streamed in chunks that
    // the broker writes to files.
    factory.setMinLargeMessageSize(LARGE_MESSAGE_BYTES);
    try {
      this.producerContext = factory.createContext(JMSContext.AUTO_ACKNOWLEDGE);
    } catch (JMSRuntimeException e) {
      factory.close();
      throw BrokerUnavailableException.of(broker, e, true);
    }
    try {
      // non-persistent: the broker keeps nothing on disk for nodes that are not listening, and
      // the consensus re-sends what was lost
      this.producer = producerContext.createProducer().setDeliveryMode(DeliveryMode.NON_PERSISTENT);
      // gossip has its own session, so consensus messages never wait behind a burst of it
      this.gossipContext = producerContext.createContext(JMSContext.AUTO_ACKNOWLEDGE);
      this.gossipProducer =
          gossipContext.createProducer().setDeliveryMode(DeliveryMode.NON_PERSISTENT);
      this.gossipTopic = gossipContext.createTopic(prefix + "transactions");
      this.replies = subscribe(handlers);
    } catch (JMSRuntimeException e) {
      close();
      throw BrokerUnavailableException.of(broker, e, false);
    }
  }

  /** Listens on every destination; returns the temporary queue for catch-up answers. */
  private Destination subscribe(Handlers handlers) {
    String notMine = "sender <> '" + self + "'";
    for (String topic : List.of("proposals", "votes")) {
      context()
          .createConsumer(producerContext.createTopic(prefix + topic), notMine)
          .setMessageListener(
              m ->
                  safely(
                      m,
                      text ->
                          handlers.consensus(
                              CanonicalJson.parseObject(text), stringProperty(m, "certificate"))));
    }
    listen(producerContext.createTopic(prefix + "transactions"), notMine, handlers::transaction);
    context()
        .createConsumer(producerContext.createTopic(prefix + "blocks"), notMine)
        .setMessageListener(m -> safely(m, text -> handlers.block(text, height(m))));
    JMSContext replyContext = context();
    Destination replyQueue = replyContext.createTemporaryQueue();
    replyContext
        .createConsumer(replyQueue)
        .setMessageListener(m -> safely(m, text -> handlers.block(text, height(m))));
    JMSContext syncContext = context();
    JMSProducer replier = syncContext.createProducer().setDeliveryMode(DeliveryMode.NON_PERSISTENT);
    syncContext
        .createConsumer(syncContext.createQueue(prefix + "sync"), notMine)
        .setMessageListener(
            m ->
                safely(
                    m,
                    text -> {
                      long from = CanonicalJson.parseObject(text).getJsonNumber("from").longValue();
                      Destination to = replyTo(m);
                      long height = from;
                      for (byte[] block : handlers.blocksFrom(from)) {
                        replier.send(to, blockMessage(syncContext, block, height++));
                      }
                    }));
    return replyQueue;
  }

  private static Destination replyTo(Message m) {
    try {
      return m.getJMSReplyTo();
    } catch (jakarta.jms.JMSException e) {
      throw new IllegalStateException(e);
    }
  }

  private static OptionalLong height(Message m) {
    try {
      return m.propertyExists(HEIGHT)
          ? OptionalLong.of(m.getLongProperty(HEIGHT))
          : OptionalLong.empty();
    } catch (jakarta.jms.JMSException | NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  private BytesMessage blockMessage(JMSContext c, byte[] body, long height) {
    BytesMessage m = message(c, body, "plug.consensus.Block");
    try {
      m.setLongProperty(HEIGHT, height);
    } catch (jakarta.jms.JMSException e) {
      throw new IllegalStateException(e);
    }
    return m;
  }

  private static String stringProperty(Message m, String name) {
    try {
      return m.getStringProperty(name);
    } catch (jakarta.jms.JMSException e) {
      return null;
    }
  }

  private JMSContext context() {
    JMSContext c = producerContext.createContext(JMSContext.AUTO_ACKNOWLEDGE);
    contexts.add(c);
    return c;
  }

  private void listen(Destination topic, String selector, Consumer<String> handler) {
    JMSConsumer consumer = context().createConsumer(topic, selector);
    consumer.setMessageListener(m -> safely(m, handler));
  }

  /**
   * Hands a message's text over; a bad message is logged and dropped, never stopping the consumer.
   */
  private static void safely(Message m, Consumer<String> handler) {
    String text;
    try {
      if (m instanceof BytesMessage b) {
        byte[] body = new byte[Math.toIntExact(b.getBodyLength())];
        b.readBytes(body);
        text = utf8(body);
      } else if (m instanceof TextMessage t) {
        text = t.getText();
      } else {
        LOG.warning("dropped a message that is neither bytes nor text");
        return;
      }
    } catch (RuntimeException | jakarta.jms.JMSException | CharacterCodingException e) {
      LOG.log(Level.WARNING, "dropped an unreadable message: " + e);
      return;
    }
    try {
      handler.accept(text);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "dropped a message: " + e.getMessage());
    }
  }

  /** Decodes UTF-8 strictly: a malformed body is refused, not read with replacement characters. */
  static String utf8(byte[] body) throws CharacterCodingException {
    for (byte b : body) {
      if (b < 0) {
        return StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(body))
            .toString();
      }
    }
    return new String(body, StandardCharsets.US_ASCII);
  }

  private BytesMessage message(JMSContext c, byte[] body, String fqdn) {
    BytesMessage m = c.createBytesMessage();
    try {
      m.writeBytes(body);
      m.setStringProperty("fqdn", fqdn);
      m.setStringProperty("sender", self);
      if (certificate != null) {
        m.setStringProperty("certificate", certificate);
      }
    } catch (jakarta.jms.JMSException e) {
      throw new IllegalStateException(e);
    }
    return m;
  }

  /** Sends a message made on the producer's context (which is not thread-safe) to a topic. */
  private synchronized void publish(
      String destination, Function<JMSContext, BytesMessage> message) {
    try {
      producer.send(
          producerContext.createTopic(prefix + destination), message.apply(producerContext));
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "could not publish to " + destination + ": " + e.getMessage());
    }
  }

  /** A proposal, vote or commit, to every other node. */
  public void publishConsensus(JsonObject message) {
    String fqdn = message.getString("fqdn");
    byte[] body = CanonicalJson.encode(message);
    publish(
        fqdn.equals("plug.consensus.Proposal") ? "proposals" : "votes",
        c -> message(c, body, fqdn));
  }

  /**
   * Gossips admitted transactions as one message per {@value #GOSSIP_BATCH}, whose body is the JSON
   * array of them: one message per transaction cost the broker and every node more than the
   * transactions did. It returns at once: a sender thread publishes, non-persistent, and when
   * {@value #GOSSIP_BACKLOG} batches wait for it (a broker that stalls), further batches are
   * dropped, since gossip is best effort: the node that admitted the transactions has stored them,
   * proposes them itself and gossips them again while they wait.
   */
  public void publishTransactions(List<? extends JsonObject> transactions) {
    for (int from = 0; from < transactions.size(); from += GOSSIP_BATCH) {
      JsonArrayBuilder array = CanonicalJson.PROVIDER.createArrayBuilder();
      transactions
          .subList(from, Math.min(transactions.size(), from + GOSSIP_BATCH))
          .forEach(array::add);
      byte[] body = CanonicalJson.encode(array.build());
      try {
        gossipSender.execute(() -> sendGossip(body));
      } catch (RejectedExecutionException e) {
        long dropped = droppedGossip.incrementAndGet();
        if (dropped % 100 == 1) {
          LOG.warning(
              "The broker does not take transaction gossip fast enough; dropped "
                  + dropped
                  + " batches so far (this node proposes them itself and gossips them again)");
        }
      }
    }
  }

  private void sendGossip(byte[] body) {
    try {
      gossipProducer.send(gossipTopic, message(gossipContext, body, "plug.consensus.Transaction"));
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "could not publish transactions: " + e.getMessage());
    }
  }

  /** A committed block, with its height also as the message property {@code height}. */
  public void publishBlock(long height, JsonObject block) {
    byte[] body = CanonicalJson.encode(block);
    publish("blocks", c -> blockMessage(c, body, height));
  }

  /**
   * Asks whichever node takes it for committed blocks from {@code height}; they come to {@link
   * Handlers#block}.
   */
  public synchronized void requestBlocks(long height) {
    try {
      BytesMessage m =
          message(
              producerContext,
              ("{\"from\":" + height + "}").getBytes(StandardCharsets.US_ASCII),
              "jledger.SyncRequest");
      m.setJMSReplyTo(replies);
      producer.send(producerContext.createQueue(prefix + "sync"), m);
    } catch (RuntimeException | jakarta.jms.JMSException e) {
      LOG.log(Level.WARNING, "could not ask for blocks: " + e.getMessage());
    }
  }

  @Override
  public void close() {
    for (JMSContext c : contexts) {
      try {
        c.close();
      } catch (RuntimeException e) {
        // closing anyway
      }
    }
    // what a client heard 202 for just before the node stopped still goes out
    gossipSender.shutdown();
    try {
      if (!gossipSender.awaitTermination(GOSSIP_FLUSH_MILLIS, TimeUnit.MILLISECONDS)) {
        LOG.warning(
            "Closed with transaction gossip unsent; the node gossips it again when it starts");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    gossipSender.shutdownNow();
    if (gossipContext != null) {
      gossipContext.close();
    }
    producerContext.close();
    factory.close();
  }
}
