package org.jledger.node.jpa;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The embedded Derby engine that this application loaded. Derby lets one engine at a time open a
 * database, so an application that is undeployed must shut its engine down, or the next deployment
 * (Payara Server's redeploy) cannot open the database ({@code XSDB6}).
 */
public final class EmbeddedDerby {

  /** Derby's SQL state for a clean engine shutdown, which it reports as an exception. */
  private static final String ENGINE_SHUT_DOWN = "XJ015";

  private EmbeddedDerby() {}

  /** Pages Derby caches unless {@code derby.storage.pageCacheSize} says otherwise. */
  static final String PAGE_CACHE_PAGES = "200";

  /**
   * Caps Derby's page cache, before the engine boots, unless the JVM sets it: Derby's default of
   * 1,000 pages is up to 32 MB of heap in tables with long columns (blocks, transactions), which
   * the operating system's file cache holds as well.
   */
  static void limitPageCache() {
    if (System.getProperty("derby.storage.pageCacheSize") == null) {
      System.setProperty("derby.storage.pageCacheSize", PAGE_CACHE_PAGES);
    }
  }

  /** Whether {@code url} opens an embedded Derby database (not one over the network). */
  public static boolean isEmbedded(String url) {
    return url.startsWith("jdbc:derby:") && !url.startsWith("jdbc:derby://");
  }

  /**
   * Shuts down the engine: every database it opened is closed cleanly and its lock released. A
   * later connection boots it again.
   */
  public static void shutdown() throws SQLException {
    UrlDataSource engine = new UrlDataSource();
    // deregister=false: the driver stays usable, so a later connection boots the engine again
    engine.setURL("jdbc:derby:;shutdown=true;deregister=false");
    try (Connection unexpected = engine.getConnection()) {
      throw new SQLException("Derby did not shut down");
    } catch (SQLException e) {
      if (!ENGINE_SHUT_DOWN.equals(e.getSQLState())) {
        throw e;
      }
    }
  }
}
