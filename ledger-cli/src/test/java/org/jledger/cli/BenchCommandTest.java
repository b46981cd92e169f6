package org.jledger.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchCommandTest {

  @Test
  void postgresIsRefusedForNodesThatRunAlready() {
    StringWriter err = new StringWriter();
    CommandLine cli = Jledger.commandLine();
    cli.setErr(new PrintWriter(err, true));
    int exit =
        cli.execute(
            "bench",
            "--target",
            "http://127.0.0.1:1/api/v1",
            "--postgres",
            "jdbc:postgresql://127.0.0.1:5432/postgres");
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("--postgres").contains("--target");
  }

  @Test
  void aBatchOutsideOneToTheInFlightLimitIsRefusedBeforeAnythingStarts() {
    for (List<String> args :
        List.of(
            List.of("--batch", "0"),
            List.of("--batch", "1001"),
            List.of("--batch", "20", "--max-in-flight", "10"),
            List.of("--saturation-window", "50"),
            List.of("--batch-window", "-1"))) {
      StringWriter err = new StringWriter();
      CommandLine cli = Jledger.commandLine();
      cli.setErr(new PrintWriter(err, true));
      List<String> command = new java.util.ArrayList<>(List.of("bench", "-o", "/nonexistent/x"));
      command.addAll(args);
      assertThat(cli.execute(command.toArray(String[]::new))).as(args.toString()).isEqualTo(2);
      assertThat(err.toString()).as(args.toString()).contains(args.get(0));
    }
  }

  @Test
  void eachResultOfABatchAnswerGivesItsErrorAndAnAnswerOfAnotherShapeFailsThemAll() {
    List<jakarta.json.JsonObject> errors =
        BenchLoad.errors(
            "{\"results\":[{\"transaction_hash\":\"ab\",\"status\":\"pending\"},"
                + "{\"error\":{\"status\":503,\"code\":\"unavailable\"}}]}",
            2);
    assertThat(errors.get(0)).isNull();
    assertThat(errors.get(1).getInt("status")).isEqualTo(503);
    for (String answer : List.of("{\"results\":[]}", "<html>", "{}")) {
      assertThat(BenchLoad.errors(answer, 2))
          .as(answer)
          .hasSize(2)
          .allSatisfy(e -> assertThat(e.getString("detail")).contains(answer));
    }
  }

  @Test
  void aNodesDatabaseReplacesTheOneOfThePostgresUrlAndKeepsItsParameters() {
    assertThat(BenchCommand.withDatabase("jdbc:postgresql://127.0.0.1:5432/postgres", "n0"))
        .isEqualTo("jdbc:postgresql://127.0.0.1:5432/n0");
    assertThat(BenchCommand.withDatabase("jdbc:postgresql://db/test?user=u&password=p", "n1"))
        .isEqualTo("jdbc:postgresql://db/n1?user=u&password=p");
    assertThat(BenchCommand.withDatabase("jdbc:postgresql://db/", "n2"))
        .isEqualTo("jdbc:postgresql://db/n2");
  }

  @Test
  void anotherUrlIsRefusedWithoutShowingItsPassword() {
    assertThatThrownBy(() -> BenchCommand.withDatabase("jdbc:derby:db;password=secret", "n0"))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("jdbc:postgresql://HOST")
        .hasMessageNotContaining("secret");
    assertThatThrownBy(() -> BenchCommand.withDatabase("jdbc:postgresql://host-only", "n0"))
        .isInstanceOf(CliException.class);
  }

  @Test
  void aPhaseTheInFlightLimitHeldBackSaysSoAndAnOpenLoopOneDoesNot() {
    assertThat(BenchCommand.heldBack(phase("rate 1000", 1000, 564.9), 1000))
        .isEqualTo(
            "  sent 564.9/s of the 1000.0/s offered: 1000 transactions were unanswered"
                + " (--max-in-flight), so the nodes set the pace"
                + System.lineSeparator());
    assertThat(BenchCommand.heldBack(phase("rate 500", 500, 499.9), 1000)).isEmpty();
    // saturation is meant to be held back by the limit
    assertThat(BenchCommand.heldBack(phase("saturation", 503.1, 480.0), 1000)).isEmpty();
  }

  private static BenchLoad.Phase phase(String name, double offered, double sent) {
    return new BenchLoad.Phase(
        name, offered, sent, 60, 100, 100, 0, 100, 0, 1.6, 1, 2, 3, 4, 0.1, List.of());
  }
}
