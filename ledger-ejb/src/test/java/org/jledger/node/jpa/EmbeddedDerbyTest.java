package org.jledger.node.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedDerbyTest {

  @TempDir Path folder;

  @Test
  void onlyLocalDerbyUrlsAreEmbedded() {
    assertThat(EmbeddedDerby.isEmbedded("jdbc:derby:/nodes/node_0/db;create=true")).isTrue();
    assertThat(EmbeddedDerby.isEmbedded("jdbc:derby:memory:test")).isTrue();
    assertThat(EmbeddedDerby.isEmbedded("jdbc:derby://db.example:1527/ledger")).isFalse();
    assertThat(EmbeddedDerby.isEmbedded("jdbc:postgresql://127.0.0.1/ledger")).isFalse();
  }

  @Test
  void aShutdownReleasesTheDatabaseLockAndALaterConnectionBootsAgain() throws SQLException {
    UrlDataSource source = new UrlDataSource();
    source.setURL("jdbc:derby:" + folder.resolve("db") + ";create=true");
    try (Connection open = source.getConnection()) {
      assertThat(folder.resolve("db").resolve("db.lck")).exists();
      assertThat(System.getProperty("derby.storage.pageCacheSize"))
          .as("the page cache is capped before the engine boots")
          .isEqualTo(EmbeddedDerby.PAGE_CACHE_PAGES);
    }

    EmbeddedDerby.shutdown();

    assertThat(folder.resolve("db").resolve("db.lck")).doesNotExist();
    try (Connection again = source.getConnection()) {
      assertThat(again.isValid(5)).isTrue();
    }
  }
}
