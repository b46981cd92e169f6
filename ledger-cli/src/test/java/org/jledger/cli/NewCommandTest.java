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

  @Test
  void aCaCertifiesEveryNodeAndTheGenesisNamesItsTrustAnchorAndCrl(@TempDir Path dir)
      throws Exception {
    Path ca = dir.resolve("ca");
    assertThat(run("ca", "new", "-o", ca.toString(), "--name", "Test CA"))
        .as(err.toString())
        .isZero();
    assertThat(
            PosixFilePermissions.toString(Files.getPosixFilePermissions(ca.resolve("ca-key.pem"))))
        .isEqualTo("r--------");
    Path plain = dir.resolve("plain");
    assertThat(run("new", "-n", "2", "-o", plain.toString(), "../config/node.yaml")).isZero();
    Path nodes = dir.resolve("nodes");
    int code =
        run(
            "new",
            "-n",
            "2",
            "-o",
            nodes.toString(),
            "--ca-cert",
            ca.resolve("ca.pem").toString(),
            "--ca-key",
            ca.resolve("ca-key.pem").toString(),
            "--crl",
            ca.resolve("ca.crl").toString(),
            "--cert-validity",
            "P30D",
            "../config/node.yaml");
    assertThat(code).as(err.toString()).isZero();

    for (int i = 0; i < 2; i++) {
      Path node = nodes.resolve("node_" + i);
      Properties p = new Properties();
      try (var in = Files.newBufferedReader(node.resolve("node.properties"))) {
        p.load(in);
      }
      assertThat(p.getProperty("jledger.pki.certificate")).isEqualTo("node.crt");
      NetworkConfig config = NetworkConfig.load(node.resolve("genesis.yaml"));
      assertThat(config.pki().trustAnchors()).containsExactly("pki/ca.pem");
      assertThat(config.pki().crls()).containsExactly("pki/ca.crl");
      var verifier =
          org.jledger.pki.CertificateVerifier.fromFiles(
              config.pki().trustAnchorFiles(node.resolve("genesis.yaml")),
              config.pki().crlFiles(node.resolve("genesis.yaml")),
              java.time.Clock.systemUTC());
      var key = KeyFile.read(node.resolve("node.key"));
      var check = verifier.check(Files.readString(node.resolve("node.crt")), key.verifyingKey());
      assertThat(check.isValid()).as(check.toString()).isTrue();
      assertThat(Files.readString(node.resolve("node.crt"))).doesNotContain("PRIVATE");
    }
    // the pki section is beside the genesis state, which it does not change
    DApps dapps =
        DAppRegistry.load(getClass().getClassLoader())
            .select(
                NetworkConfig.load(nodes.resolve("node_0/genesis.yaml")).models(),
                NetworkConfig.load(nodes.resolve("node_0/genesis.yaml")).transforms());
    NetworkConfig certified = NetworkConfig.load(nodes.resolve("node_0/genesis.yaml"));
    assertThat(Genesis.state(certified.withPki(NetworkConfig.Pki.NONE), dapps, "g").hash())
        .isEqualTo(Genesis.state(certified, dapps, "g").hash());

    // revoking node_1's certificate: the CRL says so and the node is refused
    Path crl = nodes.resolve("node_0/pki/ca.crl");
    assertThat(
            run(
                "ca",
                "revoke",
                "--ca-cert",
                ca.resolve("ca.pem").toString(),
                "--ca-key",
                ca.resolve("ca-key.pem").toString(),
                "--crl",
                crl.toString(),
                nodes.resolve("node_1/node.crt").toString()))
        .as(err.toString())
        .isZero();
    var verifier =
        org.jledger.pki.CertificateVerifier.fromFiles(
            certified.pki().trustAnchorFiles(nodes.resolve("node_0/genesis.yaml")),
            certified.pki().crlFiles(nodes.resolve("node_0/genesis.yaml")),
            java.time.Clock.systemUTC());
    assertThat(
            verifier
                .check(
                    Files.readString(nodes.resolve("node_1/node.crt")),
                    KeyFile.read(nodes.resolve("node_1/node.key")).verifyingKey())
                .verdict())
        .isEqualTo(org.jledger.pki.CertificateCheck.Verdict.REVOKED);
  }

  @Test
  void aCaKeyWithoutItsCertificateIsRefusedAndNothingIsWritten(@TempDir Path dir) {
    Path nodes = dir.resolve("nodes");
    int code = run("new", "-o", nodes.toString(), "--ca-key", "missing.pem", "../config/node.yaml");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("give both --ca-cert and --ca-key");
    assertThat(nodes).doesNotExist();
  }

  @Test
  void aCaKeyThatIsNotTheCertificatesIsRefused(@TempDir Path dir) {
    assertThat(run("ca", "new", "-o", dir.resolve("a").toString())).isZero();
    assertThat(run("ca", "new", "-o", dir.resolve("b").toString())).isZero();
    Path nodes = dir.resolve("nodes");
    int code =
        run(
            "new",
            "-o",
            nodes.toString(),
            "--ca-cert",
            dir.resolve("a/ca.pem").toString(),
            "--ca-key",
            dir.resolve("b/ca-key.pem").toString(),
            "../config/node.yaml");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("is not the private key of");
    assertThat(nodes).doesNotExist();
  }

  @Test
  void theConfigExampleNamesTheCaAndNodesGetItsCertificates(@TempDir Path dir) throws Exception {
    Files.copy(Path.of("../config/pki/node.yaml"), dir.resolve("node.yaml"));
    assertThat(run("ca", "new", "-o", dir.toString())).as(err.toString()).isZero();
    Path nodes = dir.resolve("nodes");
    int code =
        run(
            "new",
            "-n",
            "2",
            "-o",
            nodes.toString(),
            "--ca-cert",
            dir.resolve("ca.pem").toString(),
            "--ca-key",
            dir.resolve("ca-key.pem").toString(),
            dir.resolve("node.yaml").toString());
    assertThat(code).as(err.toString()).isZero();
    Path genesis = nodes.resolve("node_1/genesis.yaml");
    NetworkConfig config = NetworkConfig.load(genesis);
    assertThat(config.pki().trustAnchors()).containsExactly("pki/ca.pem");
    assertThat(config.pki().crls()).containsExactly("pki/ca.crl");
    var check =
        org.jledger.pki.CertificateVerifier.fromFiles(
                config.pki().trustAnchorFiles(genesis),
                config.pki().crlFiles(genesis),
                java.time.Clock.systemUTC())
            .check(
                Files.readString(nodes.resolve("node_1/node.crt")),
                KeyFile.read(nodes.resolve("node_1/node.key")).verifyingKey());
    assertThat(check.isValid()).as(check.toString()).isTrue();
  }

  @Test
  void withoutACaTheConfigsTrustAnchorsAreCopiedAndCertificatesComeFromElsewhere(@TempDir Path dir)
      throws Exception {
    Files.copy(Path.of("../config/pki/node.yaml"), dir.resolve("node.yaml"));
    assertThat(run("ca", "new", "-o", dir.toString())).isZero();
    Path nodes = dir.resolve("nodes");
    assertThat(run("new", "-o", nodes.toString(), dir.resolve("node.yaml").toString()))
        .as(err.toString())
        .isZero();
    assertThat(nodes.resolve("node_0/pki/ca.pem")).hasSameTextualContentAs(dir.resolve("ca.pem"));
    assertThat(nodes.resolve("node_0/node.crt")).doesNotExist();
    assertThat(out.toString()).contains("put each node's certificate (PEM) in its node.crt");
  }

  @Test
  void aMissingCrlIsRefusedBeforeAnyFolderIsWritten(@TempDir Path dir) {
    assertThat(run("ca", "new", "-o", dir.toString())).isZero();
    Path nodes = dir.resolve("nodes");
    int code =
        run(
            "new",
            "-o",
            nodes.toString(),
            "--ca-cert",
            dir.resolve("ca.pem").toString(),
            "--ca-key",
            dir.resolve("ca-key.pem").toString(),
            "--crl",
            dir.resolve("missing.crl").toString(),
            "../config/node.yaml");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("missing.crl: no such file");
    assertThat(nodes).doesNotExist();
  }
}
