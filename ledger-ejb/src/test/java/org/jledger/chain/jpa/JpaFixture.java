package org.jledger.chain.jpa;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;
import org.jledger.chain.BlockStore;

/**
 * The node's entities on a real database outside the container: embedded Derby in a folder, or a
 * fresh PostgreSQL database (dropped on close). Stores get a proxy that runs each call in its own
 * transaction, as the EJB's container-managed transactions do.
 */
public final class JpaFixture implements AutoCloseable {

  static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/";

  public final EntityManagerFactory emf;
  public final EntityManager em;
  final String url;
  private final String dropDatabase;

  private JpaFixture(String url, String user, String password, String dropDatabase) {
    this.url = url;
    this.dropDatabase = dropDatabase;
    this.emf =
        Persistence.createEntityManagerFactory(
            "ledger-test",
            Map.of(
                "jakarta.persistence.jdbc.url", url,
                "jakarta.persistence.jdbc.user", user,
                "jakarta.persistence.jdbc.password", password));
    this.em = emf.createEntityManager();
  }

  public static JpaFixture derby(java.nio.file.Path dir) {
    return new JpaFixture("jdbc:derby:" + dir.resolve("db") + ";create=true", "app", "app", null);
  }

  /** A fresh PostgreSQL database; fails clearly if the server does not answer. */
  static JpaFixture postgres() {
    String name = "jledger_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(POSTGRES + "postgres", "postgres", "")) {
      c.createStatement().execute("create database " + name);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "PostgreSQL must answer on 127.0.0.1:5432 with trust authentication for user postgres"
              + " (.ci/postgres starts it): "
              + e.getMessage(),
          e);
    }
    return new JpaFixture(POSTGRES + name, "postgres", "", name);
  }

  /** A store whose every call runs in its own transaction. */
  public <T> T transactional(T target, Class<T> type) {
    return type.cast(
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            (proxy, method, args) -> {
              var tx = em.getTransaction();
              tx.begin();
              try {
                Object result = method.invoke(target, args);
                tx.commit();
                em.clear();
                return result;
              } catch (InvocationTargetException e) {
                if (tx.isActive()) {
                  tx.rollback();
                }
                throw e.getCause();
              }
            }));
  }

  /** Runs {@code work} in a transaction of its own, committed before this returns. */
  public void inTransaction(Runnable work) {
    em.getTransaction().begin();
    work.run();
    em.getTransaction().commit();
  }

  BlockStore blockStore() {
    return transactional(new JpaBlockStore(em), BlockStore.class);
  }

  Connection jdbc() throws SQLException {
    return dropDatabase == null
        ? DriverManager.getConnection(url, "app", "app")
        : DriverManager.getConnection(url, "postgres", "");
  }

  @Override
  public void close() throws SQLException {
    em.close();
    emf.close();
    if (dropDatabase != null) {
      try (Connection c = DriverManager.getConnection(POSTGRES + "postgres", "postgres", "")) {
        c.createStatement().execute("drop database if exists " + dropDatabase + " with (force)");
      }
    }
  }
}
