package org.jledger.node.jpa;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A {@link DataSource} for any JDBC URL whose driver is on the application's class path (embedded
 * Derby and PostgreSQL are packaged), so the node's database is chosen by the URL alone. The
 * container's connection pool wraps it; it opens one plain connection per call.
 *
 * <p>As {@link java.sql.DriverManager} does, it asks every {@link Driver} in turn to connect and
 * takes the first connection (a driver answers null to a URL that is not its own), or throws the
 * first driver's failure. The drivers are those {@link ServiceLoader} finds in this class's loader:
 * {@code DriverManager} itself only offers drivers loaded by the caller's class loader.
 */
public class UrlDataSource implements DataSource {

  private String url;
  private String user;
  private String password;
  private int loginTimeoutSeconds;

  /** The JDBC URL, such as {@code jdbc:derby:/nodes/node_0/db;create=true}. */
  public void setURL(String url) {
    this.url = url;
  }

  /** The same as {@link #setURL}, for containers that use this spelling. */
  public void setUrl(String url) {
    setURL(url);
  }

  public String getURL() {
    return url;
  }

  public void setUser(String user) {
    this.user = user;
  }

  public String getUser() {
    return user;
  }

  public void setPassword(String password) {
    this.password = password;
  }

  @Override
  public Connection getConnection() throws SQLException {
    return getConnection(user, password);
  }

  @Override
  public Connection getConnection(String username, String secret) throws SQLException {
    if (url == null || url.isBlank()) {
      throw new SQLException("no JDBC URL configured (jledger.db.url)");
    }
    if (EmbeddedDerby.isEmbedded(url)) {
      EmbeddedDerby.limitPageCache();
    }
    Properties info = new Properties();
    if (username != null && !username.isEmpty()) {
      info.setProperty("user", username);
    }
    if (secret != null && !secret.isEmpty()) {
      info.setProperty("password", secret);
    }
    SQLException firstFailure = null;
    for (Driver driver : ServiceLoader.load(Driver.class, UrlDataSource.class.getClassLoader())) {
      try {
        Connection connection = driver.connect(url, info);
        if (connection != null) {
          return connection;
        }
      } catch (SQLException e) {
        if (firstFailure == null) {
          firstFailure = e;
        }
      }
    }
    if (firstFailure != null) {
      throw firstFailure;
    }
    throw new SQLException("no JDBC driver on the class path accepts " + redacted());
  }

  /**
   * The URL with the value of every {@code password} parameter hidden: PostgreSQL's {@code
   * ?password=} and Derby's {@code ;password=} both carry one.
   */
  static String redacted(String url) {
    return url == null ? null : url.replaceAll("(?i)(password=)[^&;]*", "$1***");
  }

  private String redacted() {
    return redacted(url);
  }

  /** The URL and user, never a password, for logs. */
  @Override
  public String toString() {
    return "UrlDataSource[" + redacted() + (user == null ? "" : " as " + user) + "]";
  }

  @Override
  public PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(PrintWriter out) {}

  @Override
  public void setLoginTimeout(int seconds) {
    this.loginTimeoutSeconds = seconds;
  }

  @Override
  public int getLoginTimeout() {
    return loginTimeoutSeconds;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException("no parent logger");
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    if (type.isInstance(this)) {
      return type.cast(this);
    }
    throw new SQLException("not a wrapper for " + type.getName());
  }

  @Override
  public boolean isWrapperFor(Class<?> type) {
    return type.isInstance(this);
  }
}
