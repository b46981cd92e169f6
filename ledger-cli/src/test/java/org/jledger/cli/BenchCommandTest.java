package org.jledger.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
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
}
