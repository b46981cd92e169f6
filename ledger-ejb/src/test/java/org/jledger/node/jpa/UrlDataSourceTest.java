package org.jledger.node.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UrlDataSourceTest {

  @TempDir Path folder;

  @Test
  void theUrlAloneSelectsTheDriverAndTheUserIsPassedOn() throws SQLException {
    UrlDataSource source = new UrlDataSource();
    source.setURL("jdbc:derby:" + folder.resolve("db") + ";create=true");
    source.setUser("jledger");
    source.setPassword("secret");

    try (Connection c = source.getConnection();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("VALUES CURRENT_USER")) {
      assertThat(c.getMetaData().getDriverName()).contains("Derby");
      assertThat(r.next()).isTrue();
      assertThat(r.getString(1)).isEqualToIgnoringCase("jledger");
    }
    assertThat(folder.resolve("db").resolve("service.properties")).exists();
  }

  @Test
  void theLowerCaseUrlSetterIsTheSameProperty() {
    UrlDataSource source = new UrlDataSource();

    source.setUrl("jdbc:derby:memory:x");

    assertThat(source.getURL()).isEqualTo("jdbc:derby:memory:x");
  }

  @Test
  void aUrlNoDriverAcceptsIsRefusedWithoutShowingItsParameters() {
    UrlDataSource source = new UrlDataSource();
    source.setURL("jdbc:nosuchdb://host/db?password=hunter2");

    assertThatThrownBy(source::getConnection)
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("no JDBC driver")
        .hasMessageContaining("jdbc:nosuchdb://host/db")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void noUrlIsRefusedNamingTheSetting() {
    assertThatThrownBy(() -> new UrlDataSource().getConnection())
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("jledger.db.url");
  }

  @Test
  void passwordsInTheUrlNeverShowInMessagesOrItsPrintedForm() {
    UrlDataSource postgres = new UrlDataSource();
    postgres.setURL("jdbc:nosuchdb://db:5432/ledger?user=ledger&password=p4ss&ssl=true");
    postgres.setUser("ledger");
    postgres.setPassword("s3cret");

    assertThatThrownBy(postgres::getConnection)
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("jdbc:nosuchdb://db:5432/ledger?user=ledger&password=***&ssl=true")
        .hasMessageNotContaining("p4ss")
        .hasMessageNotContaining("s3cret");
    assertThat(postgres.toString()).contains("as ledger").doesNotContain("p4ss", "s3cret");

    assertThat(UrlDataSource.redacted("jdbc:derby:/n/db;create=true;user=a;PASSWORD=p4ss;x=1"))
        .isEqualTo("jdbc:derby:/n/db;create=true;user=a;PASSWORD=***;x=1");
  }
}
