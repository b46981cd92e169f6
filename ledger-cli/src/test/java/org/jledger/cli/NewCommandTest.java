package org.jledger.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;
import org.jledger.config.Genesis;
import org.jledger.config.NetworkConfig;
import org.jledger.crypto.KeyFile;
import org.jledger.dapp.DAppRegistry;
import org.jledger.dapp.DApps;
import org.jledger.state.State;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class NewCommandTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = Jledger.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void createsThreeNodesWithKeysPropertiesAndOneGenesis(@TempDir Path dir) throws Exception {
    Path nodes = dir.resolve("nodes");
    int code = run("new", "-n", "3", "-o", nodes.toString(), "../config/node.yaml");
    assertThat(code).as(err.toString()).isZero();
    for (int i = 0; i < 3; i++) {
      Path node = nodes.resolve("node_" + i);
      Path key = node.resolve("node.key");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
          .isEqualTo("r--------");
      Properties p = new Properties();
      try (var in = Files.newBufferedReader(node.resolve("node.properties"))) {
        p.load(in);
      }
      assertThat(p.getProperty("jledger.http.port")).isEqualTo(String.valueOf(8181 + i));
      assertThat(Files.readString(node.resolve("genesis.yaml")))
          .isEqualTo(Files.readString(nodes.resolve("node_0/genesis.yaml")));
      assertThat(out.toString()).contains(KeyFile.read(key).address().value());
    }
    NetworkConfig genesisConfig = NetworkConfig.load(nodes.resolve("node_0/genesis.yaml"));
    DApps dapps =
        DAppRegistry.load(getClass().getClassLoader())
            .select(genesisConfig.models(), genesisConfig.transforms());
    State genesis = Genesis.state(genesisConfig, dapps, "genesis.yaml");
    assertThat(genesis.entries("plug.model.VotingPowerModel")).hasSize(3);
    assertThat(out.toString()).contains("genesis state hash " + genesis.hash());
  }

  @Test
  void freshAccountsReplaceTheConfigsAddressesWithNewKeys(@TempDir Path dir) throws Exception {
    Path nodes = dir.resolve("nodes");
    assertThat(run("new", "--fresh-accounts", "-o", nodes.toString(), "../config/node.yaml"))
        .as(err.toString())
        .isZero();
    String genesis = Files.readString(nodes.resolve("node_0/genesis.yaml"));
    assertThat(genesis).doesNotContain("19jpsGgLeUtQTV4FUided956EmcvDGEB12");
    String account0 = KeyFile.read(nodes.resolve("accounts/account_0.key")).address().value();
    assertThat(genesis).contains(account0);
  }

  @Test
  void hostsGiveEachNodeItsHost(@TempDir Path dir) throws Exception {
    Path nodes = dir.resolve("nodes");
    assertThat(
            run(
                "new",
                "-n",
                "2",
                "--host",
                "10.0.1.10",
                "--host",
                "ledger.example.com",
                "-o",
                nodes.toString(),
                "../config/node.yaml"))
        .isZero();
    assertThat(Files.readString(nodes.resolve("node_1/node.properties")))
        .contains("jledger.http.host=ledger.example.com");
    assertThat(
            run(
                "new",
                "-n",
                "2",
                "--host",
                "a",
                "-o",
                dir.resolve("x").toString(),
                "../config/node.yaml"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("one --host per node");
  }

  @Test
  void aBadConfigIsRefusedWithFileKeyAndProblemAndNothingIsCreated(@TempDir Path dir)
      throws Exception {
    Path config = dir.resolve("bad.yaml");
    Files.writeString(
        config,
        Files.readString(Path.of("../config/node.yaml")).replace("quorum: 51", "quorum: 20"));
    Path nodes = dir.resolve("nodes");
    assertThat(run("new", "-o", nodes.toString(), config.toString())).isEqualTo(2);
    assertThat(err.toString())
        .contains("bad.yaml")
        .contains("plug.runner.quorum")
        .contains("from 51 to 100")
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
    assertThat(nodes).doesNotExist();
  }

  @Test
  void anUnknownModelInTheConfigIsNamed(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("unknown.yaml");
    Files.writeString(
        config,
        Files.readString(Path.of("../config/node.yaml"))
            .replace("- plug_demo.balance.BalanceModel", "- acme.NoSuchModel"));
    assertThat(run("new", "-o", dir.resolve("n").toString(), config.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("acme.NoSuchModel");
  }

  @Test
  void aMissingConfigAndAnExistingFolderAreRefused(@TempDir Path dir) throws Exception {
    assertThat(run("new", "-o", dir.resolve("n").toString(), "no-such.yaml")).isEqualTo(2);
    assertThat(err.toString()).contains("no-such.yaml").contains("no such file");
    Path existing = dir.resolve("existing");
    Files.createDirectories(existing);
    Files.writeString(existing.resolve("something"), "");
    assertThat(run("new", "-o", existing.toString(), "../config/node.yaml")).isEqualTo(2);
    assertThat(err.toString()).contains("not empty");
  }

  @Test
  void keysNewWritesAKeyAndPrintsItsAddress(@TempDir Path dir) throws Exception {
    Path key = dir.resolve("alice.key");
    assertThat(run("keys", "new", "-o", key.toString())).isZero();
    assertThat(out.toString()).contains("address:       " + KeyFile.read(key).address());
    assertThat(run("keys", "show", key.toString())).isZero();
    assertThat(out.toString()).endsWith(KeyFile.read(key).address() + System.lineSeparator());
    assertThat(run("keys", "new", "-o", key.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("alice.key");
  }
}
