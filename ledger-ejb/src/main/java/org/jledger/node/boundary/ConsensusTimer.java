package org.jledger.node.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.EJB;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.Timer;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.PriorityQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.jledger.LedgerException;
import org.jledger.Result;
import org.jledger.chain.Block;
import org.jledger.chain.ChainParameters;
import org.jledger.chain.jpa.JpaBlockStore;
import org.jledger.config.Genesis;
import org.jledger.config.NetworkConfig;
import org.jledger.consensus.ConsensusMachine;
import org.jledger.consensus.ConsensusPorts;
import org.jledger.consensus.ConsensusTimeouts;
import org.jledger.consensus.jpa.JpaSafetyStore;
import org.jledger.consensus.jpa.StoredEvidence;
import org.jledger.crypto.Address;
import org.jledger.crypto.KeyFile;
import org.jledger.crypto.SigningKey;
import org.jledger.dapp.DAppRegistry;
import org.jledger.dapp.DApps;
import org.jledger.encoding.CanonicalJson;
import org.jledger.encoding.Timestamps;
import org.jledger.network.jms.BrokerConnection;
import org.jledger.network.jms.BrokerUnavailableException;
import org.jledger.network.jms.JmsNetwork;
import org.jledger.node.LedgerApplication;
import org.jledger.node.LedgerNode;
import org.jledger.pki.CertificateCheck;
import org.jledger.pki.CertificateVerifier;
import org.jledger.pki.CertifiedValidators;
import org.jledger.pki.Pem;
import org.jledger.state.State;
import org.jledger.transaction.Pool;
import org.jledger.transaction.Transaction;

/**
 * The node's consensus clock (STYLE section 5): a {@code @Singleton @Startup} with programmatic,
 * non-persistent timers to load and connect, and a managed scheduled executor for the tick. It
 * loads the ledger (re-verifying the stored chain from genesis), then drives the core {@link
 * ConsensusMachine}: every tick fires the machine's due timeouts and lets it propose. The
 * container's write lock serialises ticks with every other consensus event, and each tick runs in
 * one database transaction, so a block, its certificate, its transactions' statuses and its state
 * are committed together.
 *
 * <p>Settings (MicroProfile Config; relative paths are relative to the node folder, the working
 * directory): {@code jledger.node.genesis} (default {@code genesis.yaml}), {@code
 * jledger.node.key-file} (default {@code node.key}; without it the node is an observer), {@code
 * jledger.node.name}, {@code jledger.consensus.tick} (default {@code PT0.05S}), {@code
 * jledger.pool.capacity} (default {@link Pool#defaultCapacity}, which follows the heap), and the
 * broker: {@code jledger.broker.url}, {@code .user}, {@code .password}, {@code .trust-store},
 * {@code .trust-store-password}, {@code .key-store}, {@code .key-store-password}, {@code
 * .retry-interval} (default {@code PT10S}), and {@code jledger.pki.certificate} (default {@code
 * node.crt}): this validator's PEM certificate chain, sent with each of its messages. Passwords
 * come from the environment (e.g. {@code JLEDGER_BROKER_PASSWORD}) or a secrets directory, never
 * from a file in the repository. A key file others may read is refused ({@link
 * KeyFile#readPrivate}).
 *
 * <p>When the network config has a {@code pki} section, a proposal, vote or commit whose signer
 * holds no valid certificate ({@link CertifiedValidators}) is dropped before the machine or the
 * validators' last-seen bookkeeping sees it, logged once per validator and reason; a block from a
 * peer loses the commits of validators whose certificate was refused.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.CONTAINER)
@Lock(LockType.WRITE)
public class ConsensusTimer {

  private static final Logger LOG = Logger.getLogger(ConsensusTimer.class.getName());
  private static final String LOAD = "load the ledger";
  private static final String CONNECT = "connect to the broker";

  private final Clock clock = Clock.systemUTC();

  @Resource private TimerService timers;

  @Resource private ManagedScheduledExecutorService scheduler;

  private ScheduledFuture<?> ticking;

  @PersistenceContext(unitName = "ledger")
  private EntityManager em;

  @EJB private NodeStatus status;

  @EJB private LedgerService ledger;

  @EJB private OwnTransaction ownTransaction;

  @Inject private MetricRegistry metrics;

  @Inject
  @ConfigProperty(name = "jledger.node.genesis", defaultValue = "genesis.yaml")
  String genesisFile;

  @Inject
  @ConfigProperty(name = "jledger.node.key-file", defaultValue = "node.key")
  String keyFile;

  @Inject
  @ConfigProperty(name = "jledger.node.name", defaultValue = "node")
  String nodeName;

  @Inject
  @ConfigProperty(name = "jledger.consensus.tick", defaultValue = "PT0.05S")
  Duration tick;

  @Inject
  @ConfigProperty(name = "jledger.pool.capacity")
  Optional<Integer> poolCapacity;

  /** The Artemis broker the nodes talk through; empty for a network of one node. */
  @Inject
  @ConfigProperty(name = "jledger.broker.url", defaultValue = " ")
  String brokerUrl;

  @Inject
  @ConfigProperty(name = "jledger.broker.user", defaultValue = " ")
  String brokerUser;

  @Inject
  @ConfigProperty(name = "jledger.broker.password", defaultValue = " ")
  String brokerPassword;

  @Inject
  @ConfigProperty(name = "jledger.broker.trust-store", defaultValue = " ")
  String brokerTrustStore;

  @Inject
  @ConfigProperty(name = "jledger.broker.trust-store-password", defaultValue = " ")
  String brokerTrustStorePassword;

  @Inject
  @ConfigProperty(name = "jledger.broker.key-store", defaultValue = " ")
  String brokerKeyStore;

  @Inject
  @ConfigProperty(name = "jledger.broker.key-store-password", defaultValue = " ")
  String brokerKeyStorePassword;

  @Inject
  @ConfigProperty(name = "jledger.pki.certificate", defaultValue = "node.crt")
  String certificateFile;

  /** How long to wait before trying again to connect to a broker that refused or did not answer. */
  @Inject
  @ConfigProperty(name = "jledger.broker.retry-interval", defaultValue = "PT10S")
  Duration brokerRetryInterval;

  @EJB private ConsensusTimer self;

  /** The certificate gate, when the network config has a {@code pki} section; else null. */
  private CertifiedValidators certified;

  private final java.util.Set<String> reported = new java.util.HashSet<>();

  private BrokerConnection broker;
  private String networkId;
  private String certificate;
  private String lastBrokerFailure;

  private JmsNetwork network;

  private volatile LedgerNode node;
  private ConsensusMachine machine;
  private final PriorityQueue<Due> due = new PriorityQueue<>();
  private boolean stopping;

  private record Due(Instant at, ConsensusPorts.Timeout timeout) implements Comparable<Due> {
    @Override
    public int compareTo(Due o) {
      return at.compareTo(o.at);
    }
  }

  @PostConstruct
  void scheduleLoad() {
    status.unmet(NodeStatus.CHAIN, "waiting for the database");
    status.unmet(NodeStatus.BROKER, "waiting for the chain to load");
    timers.createSingleActionTimer(0, new TimerConfig(LOAD, false));
  }

  @Timeout
  void onTimer(Timer timer) {
    if (stopping) {
      return;
    }
    if (LOAD.equals(timer.getInfo())) {
      load();
    } else if (CONNECT.equals(timer.getInfo())) {
      connect();
    }
  }

  /**
   * The consensus clock's tick, from a managed scheduled executor rather than an EJB timer: Payara
   * delivers EJB timers at most once a second ({@code minimum-delivery-interval-in-millis}), which
   * made every step wait for the next second. It goes through the business interface, so the
   * container's write lock and a transaction wrap it as they wrap every other consensus event.
   */
  private void tickThroughContainer() {
    try {
      self.onTick();
    } catch (RuntimeException e) {
      // logged by onTick; the next tick tries again (an exception would end the schedule)
    }
  }

  /** One tick of the consensus clock (called by the scheduled executor). */
  public void onTick() {
    if (!stopping) {
      tick();
    }
  }

  private void load() {
    if (!status.isMet(NodeStatus.DATABASE)) {
      timers.createSingleActionTimer(500, new TimerConfig(LOAD, false));
      return;
    }
    try {
      Path genesisPath = Path.of(genesisFile);
      NetworkConfig config = NetworkConfig.load(genesisPath);
      DApps dapps =
          DAppRegistry.load(Thread.currentThread().getContextClassLoader())
              .select(config.models(), config.transforms());
      State genesis = Genesis.state(config, dapps, genesisFile);
      SigningKey key = readKey();
      node =
          new LedgerNode(
              ChainParameters.of(config),
              dapps,
              genesis,
              new JpaBlockStore(em, ownTransaction::run),
              clock,
              poolCapacity());
      status.unmet(NodeStatus.CHAIN, "re-verifying the stored chain");
      Result<State> started = node.start();
      if (started instanceof Result.Refused<State> r) {
        status.unmet(NodeStatus.CHAIN, r.reason());
        LOG.severe(() -> "The node refuses to start: " + r.reason());
        return;
      }
      Address address = key == null ? null : key.address();
      certificate = readCertificate();
      if (config.pki().isEnabled()) {
        CertificateVerifier verifier =
            CertificateVerifier.fromFiles(
                config.pki().trustAnchorFiles(genesisPath),
                config.pki().crlFiles(genesisPath),
                clock);
        certified = new CertifiedValidators(verifier, key == null ? null : key.verifyingKey());
        LOG.info(
            () ->
                "Counting consensus messages only from validators certified by "
                    + config.pki().trustAnchors()
                    + (config.pki().crls().isEmpty() ? "" : ", revoked by " + config.pki().crls()));
        if (key != null && node.validators().isValidator(address)) {
          CertificateCheck own =
              certificate == null
                  ? CertificateCheck.refused(
                      CertificateCheck.Verdict.MISSING, "no file " + certificateFile)
                  : verifier.check(certificate, key.verifyingKey());
          if (!own.isValid()) {
            LOG.warning(() -> "The other nodes will ignore this validator's messages: " + own);
          }
        }
      }
      networkId = config.networkId();
      if (brokerUrl.isBlank()) {
        status.met(NodeStatus.BROKER, "none configured: a network of this node alone");
      } else {
        broker =
            new BrokerConnection(
                brokerUrl.strip(),
                setting(brokerUser),
                setting(brokerPassword),
                setting(brokerTrustStore),
                setting(brokerTrustStorePassword),
                setting(brokerKeyStore),
                setting(brokerKeyStorePassword));
        LOG.info(() -> "Connecting to the broker at " + broker);
        connect();
      }
      machine =
          new ConsensusMachine(
              config.networkId(),
              key,
              new LedgerApplication(node, address),
              new JpaSafetyStore(em, ownTransaction::run),
              new Outbox(),
              ConsensusTimeouts.forRefreshWindow(config.refreshWindow()));
      machine.start(clock.instant());
      registerMetrics(node);
      node.addListener(
          new LedgerNode.Listener() {
            @Override
            public void gossipAgain(List<Transaction> transactions) {
              ConsensusTimer.this.gossipAgain(transactions, "still pending");
            }
          });
      ledger.loaded(node, address, nodeName);
      String role =
          key == null || !node.validators().isValidator(address)
              ? "an observer"
              : "validator " + address;
      status.met(
          NodeStatus.CHAIN,
          "height " + node.height() + ", state " + node.head().hash() + ", " + role);
      LOG.info(
          () ->
              "JLedger node "
                  + nodeName
                  + " of network "
                  + config.networkId()
                  + " is ready at height "
                  + node.height()
                  + " as "
                  + role
                  + (node.validators().isByzantineFaultTolerant()
                      ? ""
                      : "; quorum "
                          + config.quorum()
                          + "% tolerates crashed validators only, not Byzantine ones"));
      ticking =
          scheduler.scheduleWithFixedDelay(
              this::tickThroughContainer, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
    } catch (LedgerException | IOException e) {
      status.unmet(NodeStatus.CHAIN, e.getMessage());
      LOG.severe(() -> "The node cannot start: " + e.getMessage());
    }
  }

  /**
   * MicroProfile Metrics at {@code /metrics}: the head height, the pool size, and the commit
   * latency (from a block's timestamp, when it was proposed, to its commit on this node).
   */
  private void registerMetrics(LedgerNode node) {
    metrics.gauge("jledger_height", node, LedgerNode::height);
    metrics.gauge("jledger_pool_size", node, LedgerNode::poolSize);
    org.eclipse.microprofile.metrics.Timer latency = metrics.timer("jledger_commit_latency");
    node.addListener(
        new LedgerNode.Listener() {
          @Override
          public void blockCommitted(Block block) {
            Instant proposed = Timestamps.parse(block.header().timestamp(), "timestamp");
            latency.update(Duration.between(proposed, clock.instant()));
          }
        });
  }

  /**
   * Gossips again the transactions this node stored: those still pending after a restart (the other
   * nodes' pools are not stored) and, after commits, those that waited long enough to suggest that
   * the other nodes never received them ({@link Pool#afterCommit}).
   */
  private void gossipAgain(List<Transaction> transactions, String why) {
    if (network != null && !transactions.isEmpty()) {
      LOG.fine(() -> "Gossiping again " + transactions.size() + " transactions " + why);
      network.publishTransactions(transactions.stream().map(Transaction::toJson).toList());
    }
  }

  /**
   * Opens the network through the broker. A broker that refuses the login or does not answer is
   * reported in the readiness check and logged once, not at every try (no stack trace), and the
   * node tries again every {@code jledger.broker.retry-interval}; meanwhile it serves reads of its
   * own chain. Once connected, Artemis reconnects by itself after broker restarts.
   */
  private void connect() {
    try {
      network = new JmsNetwork(broker, networkId, certificate, new Arrivals());
    } catch (BrokerUnavailableException e) {
      String reason = e.getMessage();
      status.unmet(NodeStatus.BROKER, reason + "; trying again every " + brokerRetryInterval);
      // the broker's messages name the client's port, new on each try: compare the kind only
      String kind = e.loginRefused() ? "refused" : "unreachable";
      if (!kind.equals(lastBrokerFailure)) {
        LOG.log(
            e.loginRefused() ? Level.SEVERE : Level.WARNING,
            () ->
                "The node has no network: "
                    + reason
                    + "; trying again every "
                    + brokerRetryInterval);
      }
      lastBrokerFailure = kind;
      timers.createSingleActionTimer(
          brokerRetryInterval.toMillis(), new TimerConfig(CONNECT, false));
      return;
    }
    ledger.gossip(network::publishTransactions);
    gossipAgain(node.storedPending(), "stored before the node connected");
    status.met(NodeStatus.BROKER, "connected to " + broker);
    if (lastBrokerFailure != null) {
      LOG.info(() -> "Connected to the broker at " + broker);
    }
    lastBrokerFailure = null;
  }

  /** A setting, or null when it is blank (MicroProfile Config has no empty default). */
  private static String setting(String value) {
    return value.isBlank() ? null : value.strip();
  }

  /** {@code jledger.pool.capacity}, or by default what this JVM's heap holds (logged). */
  private int poolCapacity() {
    if (poolCapacity.isPresent()) {
      return poolCapacity.get();
    }
    long heap = Runtime.getRuntime().maxMemory();
    int capacity = Pool.defaultCapacity(heap);
    LOG.info(
        () ->
            "The pool holds at most "
                + capacity
                + " pending transactions (one per "
                + (Pool.HEAP_PER_TRANSACTION >> 10)
                + " KB of the "
                + (heap >> 20)
                + " MB heap; set jledger.pool.capacity to choose)");
    return capacity;
  }

  private SigningKey readKey() throws IOException {
    Path path = Path.of(keyFile);
    if (!Files.exists(path)) {
      LOG.info(() -> "No key file " + path.toAbsolutePath() + ": this node is an observer");
      return null;
    }
    return KeyFile.readPrivate(path);
  }

  /** This node's PEM certificate chain, or null if it has none. */
  private String readCertificate() {
    Path path = Path.of(certificateFile);
    if (!Files.exists(path)) {
      return null;
    }
    String pem = Pem.read(path);
    Pem.certificates(pem, path.toString());
    return pem;
  }

  private void tick() {
    Instant now = clock.instant();
    try {
      while (!due.isEmpty() && !due.peek().at().isAfter(now)) {
        machine.onTimeout(due.poll().timeout(), now);
      }
      machine.onTick(now);
    } catch (RuntimeException e) {
      LOG.log(Level.SEVERE, "A consensus step failed; it is retried at the next tick", e);
      throw e;
    }
  }

  /**
   * Feeds a consensus message from the network to the machine (used by the JMS consumers).
   *
   * @param certificate the publishing node's PEM certificate chain, or null
   */
  public Result<String> onMessage(JsonObject message, String certificate) {
    if (machine == null) {
      return Result.refused("not_ready", "the node is still loading");
    }
    if (certified != null) {
      CertificateCheck check = certified.admit(message, certificate);
      if (!check.isValid()) {
        String signer = message.getString("address", "?");
        if (check.verdict() == CertificateCheck.Verdict.NOT_YET_SEEN) {
          // a relayed vote that came before its signer's own messages: not news
          LOG.fine(() -> "dropped a relayed consensus message: " + check);
        } else if (reported.add(signer + "/" + check.verdict())) {
          LOG.warning(() -> "Ignoring consensus messages of validator " + signer + ": " + check);
        }
        return Result.refused("uncertified", check.toString());
      }
    }
    Instant now = clock.instant();
    Result<String> r = machine.onMessage(message, now);
    if (r.isOk() && !ConsensusMachine.BUFFERED.equals(r.value())
        || r instanceof Result.Refused<String> e && e.code().equals("equivocation")) {
      // the machine checked the signature of a validator of this height
      ledger.seen(Address.parse(message.getString("address")), now);
    } else if (r instanceof Result.Refused<String> refused
        && !refused.code().equals("old_height")) {
      LOG.fine(() -> "dropped a consensus message: " + refused.reason());
    }
    return r;
  }

  /** A committed block from a peer (announced, or an answer to a catch-up request). */
  public void onBlock(Block received) {
    if (machine == null) {
      return;
    }
    Block block = certified == null ? received : certified.certifiedCommits(received);
    if (block.height() == node.height()) {
      Result<String> r = machine.onCommittedBlock(block, clock.instant());
      if (r instanceof Result.Refused<String> refused) {
        LOG.warning(() -> "dropped block " + block.height() + ": " + refused.reason());
      }
    }
  }

  /** Committed blocks from a height, for a peer catching up. */
  @Lock(LockType.READ)
  public List<byte[]> blocksFrom(long height) {
    List<byte[]> out = new ArrayList<>();
    if (node != null) {
      for (Block b : node.blocks(height, 20)) {
        out.add(CanonicalJson.encode(b.toJson()));
      }
    }
    return out;
  }

  /** What arrives from the network goes through this singleton's business interface, in order. */
  private final class Arrivals implements JmsNetwork.Handlers {
    @Override
    public void consensus(JsonObject message, String certificate) {
      self.onMessage(message, certificate);
    }

    @Override
    public void transaction(String json) {
      // not through this singleton: admission must not wait for (or hold up) consensus
      ledger.gossiped(json);
    }

    @Override
    public void block(String json, OptionalLong height) {
      // Parsed outside the singleton's lock, and only if it is the next block: several peers
      // answer a node that fell behind, and the others have committed it already.
      LedgerNode n = node;
      if (n == null || height.isPresent() && height.getAsLong() != n.height()) {
        return;
      }
      JsonObject o = CanonicalJson.parseObject(json);
      if (o.get("height") instanceof JsonNumber h && h.longValue() == n.height()) {
        self.onBlock(Block.fromJson(o));
      }
    }

    @Override
    public List<byte[]> blocksFrom(long height) {
      return self.blocksFrom(height);
    }
  }

  @PreDestroy
  void stop() {
    stopping = true;
    if (ticking != null) {
      ticking.cancel(false);
    }
    for (Timer t : timers.getTimers()) {
      t.cancel();
    }
    if (network != null) {
      network.close();
    }
    if (node != null) {
      LOG.info(
          () ->
              "JLedger node "
                  + nodeName
                  + " stopped at height "
                  + node.height()
                  + " with "
                  + node.poolSize()
                  + " pending transactions kept");
    }
  }

  /** Where the machine's messages go. One node needs no network; JMS adds the others. */
  private final class Outbox implements ConsensusPorts.Outbox {

    @Override
    public void broadcast(JsonObject message) {
      ledger.seen(Address.parse(message.getString("address")), clock.instant());
      if (network != null) {
        network.publishConsensus(message);
      }
    }

    @Override
    public void schedule(ConsensusPorts.Timeout timeout, Duration delay) {
      due.add(new Due(clock.instant().plus(delay), timeout));
    }

    @Override
    public void evidence(JsonObject first, JsonObject second) {
      LOG.warning(
          () ->
              "Equivocation by "
                  + first.getString("address", "?")
                  + " at height "
                  + first.get("height"));
      em.persist(
          new StoredEvidence(
              first.getString("address", "?"),
              first.getJsonNumber("height").longValue(),
              clock.millis(),
              CanonicalJson.toCanonicalString(first),
              CanonicalJson.toCanonicalString(second)));
    }

    @Override
    public void requestBlocks(long fromHeight) {
      if (network != null) {
        network.requestBlocks(fromHeight);
      }
    }

    @Override
    public void announce(long height) {
      if (network != null) {
        node.block(height).ifPresent(b -> network.publishBlock(height, b.toJson()));
      }
    }
  }
}
