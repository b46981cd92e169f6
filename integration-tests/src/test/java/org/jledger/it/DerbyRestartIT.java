package org.jledger.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jledger.it.NodeClient.json;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DerbyRestartIT {

  @Test
  void aRestartedNodeFindsItsDerbyDatabaseAndCountsASecondStart() throws Exception {
    PayaraMicroNode node = PayaraMicroNode.start("derby-restart", Map.of());
    try {
      JsonObject first = database(node);
      assertThat(first.getInt("starts")).isEqualTo(1);

      node = node.restart();

      JsonObject second = database(node);
      assertThat(second.getInt("starts")).isEqualTo(2);
      assertThat(second.getString("first_started")).isEqualTo(first.getString("first_started"));
      assertThat(Instant.parse(second.getString("last_started")))
          .isAfter(Instant.parse(first.getString("last_started")));
    } finally {
      node.close();
    }
    assertThat(node.folder().resolve("db").resolve("db.lck"))
        .as("SIGTERM lets the node shut Derby down cleanly")
        .doesNotExist();
    assertThat(rowWrittenToDerby(node)).isEqualTo(2);
  }

  private static JsonObject database(PayaraMicroNode node) {
    return json(new NodeClient(node).get("/api/v1/node")).getJsonObject("database");
  }

  /** Opens the stopped node's database directly and reads the start count. */
  private static long rowWrittenToDerby(PayaraMicroNode node) throws SQLException, IOException {
    String url = "jdbc:derby:" + node.folder().resolve("db");
    try (Connection c = DriverManager.getConnection(url, "jledger", "jledger");
        Statement s = c.createStatement();
        ResultSet row = s.executeQuery("SELECT STARTS FROM JLEDGER_NODE WHERE ID = 1")) {
      assertThat(row.next()).isTrue();
      return row.getLong(1);
    } finally {
      try {
        DriverManager.getConnection(url + ";shutdown=true");
      } catch (SQLException expected) {
        // Derby reports a clean shutdown as an exception
      }
    }
  }
}
