package org.jledger.node.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jledger.node.jpa.EmbeddedDerby;
import org.jledger.node.jpa.JpaNodeInfoStore;
import org.jledger.node.jpa.NewerSchemaException;
import org.jledger.node.jpa.StoredNodeInfo;
import org.jledger.node.jpa.UrlDataSource;

/**
 * Opens the node's database when the application starts: writes the start-up row and then reports
 * {@link NodeStatus#DATABASE} met. If that fails, it reports the condition unmet with the reason
 * and tries again every {@code jledger.db.retry-interval}; a database written by a newer schema is
 * final (not retried). (Payara logs in to the database while deploying, so a database that does not
 * answer at all fails the deployment before this runs.)
 *
 * <p>It also declares the application's one data source, {@code java:app/jdbc/ledger}, from
 * MicroProfile Config: {@code jledger.db.url}, {@code jledger.db.user}, {@code
 * jledger.db.password}; the URL alone selects the driver ({@link UrlDataSource}). The defaults
 * ({@code META-INF/microprofile-config.properties}) select embedded Derby in the directory {@code
 * jledger.db.path}.
 */
@DataSourceDefinition(
    name = "java:app/jdbc/ledger",
    className = "org.jledger.node.jpa.UrlDataSource",
    url = "${MPCONFIG=jledger.db.url}",
    user = "${MPCONFIG=jledger.db.user}",
    password = "${MPCONFIG=jledger.db.password}",
    minPoolSize = 1,
    maxPoolSize = 16)
@Singleton
@Startup
public class NodeStartup {

  private static final Logger LOG = Logger.getLogger(NodeStartup.class.getName());

  private final Clock clock = Clock.systemUTC();

  @Resource private TimerService timers;

  @EJB private JpaNodeInfoStore store;

  @EJB private NodeStatus status;

  @Inject
  @ConfigProperty(name = "jledger.db.retry-interval", defaultValue = "PT5S")
  Duration retryInterval;

  @Inject
  @ConfigProperty(name = "jledger.db.url")
  String databaseUrl;

  @PostConstruct
  void scheduleOpen() {
    timers.createSingleActionTimer(0, new TimerConfig("open the database", false));
  }

  /** Closes an embedded Derby database cleanly, so a redeployed application can open it. */
  @PreDestroy
  void closeDatabase() {
    if (EmbeddedDerby.isEmbedded(databaseUrl)) {
      try {
        EmbeddedDerby.shutdown();
        LOG.info("Embedded Derby shut down");
      } catch (SQLException e) {
        LOG.log(Level.WARNING, "Embedded Derby did not shut down cleanly", e);
      }
    }
  }

  @Timeout
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  void openDatabase() {
    try {
      StoredNodeInfo row = store.recordStart(softwareVersion(), clock.instant());
      NodeInfo info = NodeInfo.of(row);
      status.started(info);
      status.met(
          NodeStatus.DATABASE,
          "schema version " + info.schemaVersion() + ", start number " + info.starts());
      LOG.info(
          () ->
              "JLedger "
                  + info.softwareVersion()
                  + " opened its database: schema version "
                  + info.schemaVersion()
                  + ", start number "
                  + info.starts());
    } catch (RuntimeException e) {
      String reason = rootMessage(e);
      status.unmet(NodeStatus.DATABASE, reason);
      if (isCausedBy(e, NewerSchemaException.class)) {
        LOG.severe(() -> "The node will not serve: " + reason);
        return;
      }
      LOG.log(
          Level.WARNING,
          e,
          () -> "The database did not answer (" + reason + "); retrying in " + retryInterval);
      timers.createSingleActionTimer(
          retryInterval.toMillis(), new TimerConfig("open the database again", false));
    }
  }

  /** The version of this software, from the build. */
  static String softwareVersion() {
    Properties build = new Properties();
    try (InputStream in = NodeStartup.class.getResourceAsStream("build.properties")) {
      if (in != null) {
        build.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return build.getProperty("version", "unknown");
  }

  private static boolean isCausedBy(Throwable e, Class<? extends Throwable> type) {
    for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (type.isInstance(c)) {
        return true;
      }
    }
    return false;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
