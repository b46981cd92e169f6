package org.jledger.network.jms;

import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.jledger.encoding.CanonicalJson;

/**
 * The nodes' messaging over ActiveMQ Artemis (DESIGN section 8): topics {@code
 * jledger.N.transactions}, {@code .proposals}, {@code .votes}, {@code .blocks} and the queue {@code
 * jledger.N.sync} for catch-up requests answered on a temporary queue. Bodies are JSON {@code
 * TextMessage}s with string properties {@code fqdn} and {@code sender}; a node does not receive its
 * own messages. A node with a certificate adds it to every message as the string property {@code
 * certificate} (its PEM chain); the signed body stays as it is. A consumer that fails on a message
 * logs it and goes on. The connection reconnects by itself when the broker comes back.
 */
public final class JmsNetwork implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(JmsNetwork.class.getName());

  /** What the node does with what arrives. */
  public interface Handlers {
    /**
     * A proposal, vote or commit.
     *
     * @param certificate the publishing node's PEM certificate chain, or null
     */
    void consensus(JsonObject message, String certificate);

    void transaction(String json);

    void block(String json);

    /** Committed blocks from a height, as JSON, to answer a catch-up request. */
    List<String> blocksFrom(long height);
  }

  private final String prefix;
  private final String self = UUID.randomUUID().toString();
  private final ActiveMQConnectionFactory factory;
  private final JMSContext producerContext;
  private final JMSProducer producer;
  private final JMSContext gossipContext;
  private final JMSProducer gossipProducer;
  private final Destination gossipTopic;
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
    try {
      this.producerContext = factory.createContext(JMSContext.AUTO_ACKNOWLEDGE);
    } catch (JMSRuntimeException e) {
      factory.close();
      throw BrokerUnavailableException.of(broker, e, true);
    }
    try {
      this.producer = producerContext.createProducer();
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
    listen(producerContext.createTopic(prefix + "blocks"), notMine, handlers::block);
    JMSContext replyContext = context();
    Destination replyQueue = replyContext.createTemporaryQueue();
    replyContext.createConsumer(replyQueue).setMessageListener(m -> safely(m, handlers::block));
    JMSContext syncContext = context();
    JMSProducer replier = syncContext.createProducer();
    syncContext
        .createConsumer(syncContext.createQueue(prefix + "sync"), notMine)
        .setMessageListener(
            m ->
                safely(
                    m,
                    text -> {
                      long from = CanonicalJson.parseObject(text).getJsonNumber("from").longValue();
                      Destination to = replyTo(m);
                      for (String block : handlers.blocksFrom(from)) {
                        replier.send(to, message(syncContext, block, "plug.consensus.Block"));
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
    try {
      if (m instanceof TextMessage t) {
        handler.accept(t.getText());
      } else {
        LOG.warning("dropped a message that is not text");
      }
    } catch (RuntimeException | jakarta.jms.JMSException e) {
      LOG.log(Level.WARNING, "dropped a message: " + e.getMessage());
    }
  }

  private TextMessage message(JMSContext c, String text, String fqdn) {
    TextMessage m = c.createTextMessage(text);
    try {
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

  private synchronized void publish(String destination, String text, String fqdn) {
    try {
      producer.send(
          producerContext.createTopic(prefix + destination), message(producerContext, text, fqdn));
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "could not publish to " + destination + ": " + e.getMessage());
    }
  }

  /** A proposal, vote or commit, to every other node. */
  public void publishConsensus(JsonObject message) {
    String fqdn = message.getString("fqdn");
    publish(
        fqdn.equals("plug.consensus.Proposal") ? "proposals" : "votes",
        CanonicalJson.toCanonicalString(message),
        fqdn);
  }

  /**
   * Gossips an admitted transaction, without waiting for the broker (non-persistent, so the
   * producer does not block on each send): gossip is best effort, since the node that admitted the
   * transaction has stored it and proposes it itself.
   */
  public void publishTransaction(JsonObject transaction) {
    String text = CanonicalJson.toCanonicalString(transaction);
    synchronized (gossipContext) {
      try {
        gossipProducer.send(
            gossipTopic, message(gossipContext, text, "plug.consensus.Transaction"));
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "could not publish a transaction: " + e.getMessage());
      }
    }
  }

  public void publishBlock(JsonObject block) {
    publish("blocks", CanonicalJson.toCanonicalString(block), "plug.consensus.Block");
  }

  /**
   * Asks whichever node takes it for committed blocks from {@code height}; they come to {@link
   * Handlers#block}.
   */
  public synchronized void requestBlocks(long height) {
    try {
      TextMessage m = message(producerContext, "{\"from\":" + height + "}", "jledger.SyncRequest");
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
    if (gossipContext != null) {
      gossipContext.close();
    }
    producerContext.close();
    factory.close();
  }
}
