package org.jledger.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.jledger.encoding.CanonicalJson;
import org.junit.jupiter.api.Test;

class NetworkConfigTest {

  private static final String RUNNER =
      """
      plug:
        runner:
          refresh_window: PT5S
          voting_model_fqdn: plug.model.VotingPowerModel
          max_block_size: 100
          quorum: 51
          network_id: 1ee06262-a70e-4760-87b0-f4df093cc440
        middlewares: []
        models:
          - plug_demo.balance.BalanceModel
        transforms:
          - plug_demo.balance.BalanceTransfer
      """;

  @Test
  void readsThePlugGettingStartedConfigAsShipped() {
    NetworkConfig config = NetworkConfig.load(Path.of("../config/node.yaml"));
    assertThat(config.networkId()).isEqualTo("1ee06262-a70e-4760-87b0-f4df093cc440");
    assertThat(config.refreshWindow()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.maxBlockSize()).isEqualTo(100);
    assertThat(config.quorum()).isEqualTo(51);
    assertThat(config.pendingTtl()).isEqualTo(100);
    assertThat(config.models()).containsExactly("plug_demo.balance.BalanceModel");
    assertThat(config.transforms()).containsExactly("plug_demo.balance.BalanceTransfer");
    assertThat(config.initialState().get("plug_demo.balance.BalanceModel"))
        .containsEntry(
            "19jpsGgLeUtQTV4FUided956EmcvDGEB12", CanonicalJson.parse("{\"balance\":100}"));
  }

  @Test
  void readsAGenesisLargerThanSixteenMillionCharacters() {
    StringBuilder yaml = new StringBuilder(RUNNER).append("initial_state:\n  demo.BalanceModel:\n");
    int accounts = 0;
    while (yaml.length() <= 16 * 1024 * 1024) {
      yaml.append(String.format("    account_%07d: {\"balance\": 100}%n", accounts++));
    }
    NetworkConfig config = NetworkConfig.parse(yaml.toString(), "big.yaml");
    assertThat(config.initialState().get("demo.BalanceModel")).hasSize(accounts);
  }

  @Test
  void acceptsTopLevelInitialStateAndBothVotingPowerForms() {
    NetworkConfig config =
        NetworkConfig.parse(
            RUNNER
                + """
                initial_state:
                  plug_demo.balance.BalanceModel:
                    root: 100
                  plug.model.VotingPowerModel:
                    1PK2Tx4JjU182gJTzbbnLGT5Hnvuzif9eY: {value: 100}
                    1375GHTkghEey5oVMPSg43jZrqf54dViDG: 50
                  plug.loans.models.LoanModel: {}
                """,
            "t.yaml");
    var power = config.initialState().get("plug.model.VotingPowerModel");
    assertThat(power.get("1PK2Tx4JjU182gJTzbbnLGT5Hnvuzif9eY"))
        .isEqualTo(CanonicalJson.PROVIDER.createValue(100L));
    assertThat(power.get("1375GHTkghEey5oVMPSg43jZrqf54dViDG"))
        .isEqualTo(CanonicalJson.PROVIDER.createValue(50L));
    assertThat(config.initialState().get("plug.loans.models.LoanModel")).isEmpty();
    assertThat(config.initialState().get("plug_demo.balance.BalanceModel").get("root"))
        .isEqualTo(CanonicalJson.PROVIDER.createValue(100L));
  }

  @Test
  void roundTripsThroughYaml() {
    NetworkConfig config = NetworkConfig.load(Path.of("../config/node.yaml"));
    assertThat(NetworkConfig.parse(config.toYaml(), "again.yaml")).isEqualTo(config);
  }

  @Test
  void badConfigsAreRefusedWithFileKeyAndProblem() {
    assertRefused("plug: [", "bad.yaml", "not valid YAML");
    assertRefused("plug: {}", "bad.yaml: plug.runner", "is required");
    assertRefused(
        RUNNER.replace("quorum: 51", "quorum: 50"), "plug.runner.quorum", "from 51 to 100");
    assertRefused(RUNNER.replace("quorum: 51", "quorum: lots"), "plug.runner.quorum", "integer");
    assertRefused(RUNNER.replace("PT5S", "5 seconds"), "plug.runner.refresh_window", "ISO-8601");
    assertRefused(
        RUNNER.replace("max_block_size: 100", "max_block_size: 0"),
        "plug.runner.max_block_size",
        "from 1");
    assertRefused(
        RUNNER.replace("1ee06262-a70e-4760-87b0-f4df093cc440", "has spaces"),
        "plug.runner.network_id",
        "letters");
    assertRefused(
        RUNNER.replace("plug.model.VotingPowerModel", "x.Other"),
        "plug.runner.voting_model_fqdn",
        "only");
    assertRefused(RUNNER.replace("  middlewares: []\n", ""), "plug.middlewares", "is required");
    assertRefused(
        RUNNER.replace("refresh_window", "refresh_windw"),
        "plug.runner.refresh_windw",
        "unknown key");
    assertRefused(
        RUNNER + "initial_state:\n  m:\n    k: 1.5\n", "initial_state.m.k", "not an integer");
    assertRefused(
        RUNNER + "initial_state:\n  m:\n    k: 9007199254740992\n", "initial_state.m.k", "outside");
    assertRefused(
        RUNNER + "initial_state:\n  plug.model.VotingPowerModel:\n    a: {power: 1}\n",
        "initial_state.plug.model.VotingPowerModel.a",
        "voting power");
    assertRefused(RUNNER + "  initial_state: {}\ninitial_state: {}\n", "initial_state", "both");
    assertRefused(RUNNER + "plug: {}\n", "bad.yaml", "duplicate");
  }

  private static void assertRefused(String yaml, String where, String problem) {
    assertThatThrownBy(() -> NetworkConfig.parse(yaml, "bad.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("bad.yaml")
        .hasMessageContaining(where)
        .hasMessageContaining(problem);
  }

  @Test
  void aMissingFileIsNamed() {
    assertThatThrownBy(() -> NetworkConfig.load(Path.of("no/such.yaml")))
        .hasMessageContaining("no/such.yaml")
        .hasMessageContaining("no such file");
  }

  @Test
  void pkiSectionNamesTrustAnchorsAndCrlsRelativeToTheConfigAndKeepsTheGenesis() {
    NetworkConfig plain = NetworkConfig.parse(RUNNER, "t.yaml");
    NetworkConfig config =
        NetworkConfig.parse(
            RUNNER + "pki:\n  trust_anchors: [pki/ca.pem]\n  crl: [pki/ca.crl]\n", "t.yaml");
    assertThat(plain.pki().isEnabled()).isFalse();
    assertThat(config.pki().trustAnchors()).containsExactly("pki/ca.pem");
    assertThat(config.pki().trustAnchorFiles(Path.of("/etc/net/genesis.yaml")))
        .containsExactly(Path.of("/etc/net/pki/ca.pem"));
    assertThat(config.pki().crlFiles(Path.of("/etc/net/genesis.yaml")))
        .containsExactly(Path.of("/etc/net/pki/ca.crl"));
    assertThat(config.withPki(NetworkConfig.Pki.NONE)).isEqualTo(plain);
    assertThat(NetworkConfig.parse(config.toYaml(), "again.yaml")).isEqualTo(config);
  }

  @Test
  void badPkiSectionsAreRefused() {
    assertRefused(RUNNER + "pki: {trust_anchors: []}\n", "pki.trust_anchors", "at least one");
    assertRefused(RUNNER + "pki: {crl: [a.crl]}\n", "pki.trust_anchors", "is required");
    assertRefused(RUNNER + "pki: {trust_anchors: [ca.pem], ocsp: x}\n", "pki.ocsp", "unknown key");
  }
}
