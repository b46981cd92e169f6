package org.jledger.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jledger.chain.Block;
import org.jledger.crypto.Address;
import org.jledger.crypto.SigningKey;
import org.jledger.pki.CertificateAuthority;
import org.jledger.pki.CertificateVerifier;
import org.jledger.pki.CertifiedValidators;
import org.jledger.pki.Pem;
import org.jledger.support.TestNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulated network of six validators (300, 300, 300, 33, 33, 33; quorum 67) where every node
 * puts {@link CertifiedValidators} in front of its machine, as a node with a {@code pki} section
 * does: the last three hold a certificate from an untrusted CA, an expired one and a revoked one.
 * They run and vote, yet the network commits on the first three alone and no honest node's chain
 * holds a commit of theirs.
 */
class CertifiedConsensusTest {

  @TempDir Path dir;

  @Test
  void validatorsWithoutAValidCertificateAreNotCounted() throws Exception {
    TestNetwork net = new TestNetwork(4, 1000, List.of(300L, 300L, 300L, 33L, 33L, 33L), 67);
    SecureRandom random = new SecureRandom(new byte[] {9});
    Instant from = TestNetwork.T0.minus(Duration.ofDays(30));
    Instant to = TestNetwork.T0.plus(Duration.ofDays(365));
    CertificateAuthority ca = CertificateAuthority.create("Consortium CA", from, to, random);
    CertificateAuthority rogue = CertificateAuthority.create("Rogue CA", from, to, random);
    List<String> chains = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      var key = net.validators.get(i).verifyingKey();
      chains.add(
          Pem.write(
              switch (i) {
                case 3 -> rogue.issueValidator("node_3", key, from, to);
                case 4 -> ca.issueValidator("node_4", key, from, TestNetwork.T0.minusSeconds(1));
                default -> ca.issueValidator("node_" + i, key, from, to);
              }));
    }
    var revoked = Pem.certificates(chains.get(5), "node_5").get(0).getSerialNumber();
    Path crl = dir.resolve("ca.crl");
    Files.writeString(crl, Pem.write(ca.crl(List.of(revoked), from, to)));
    List<CertifiedValidators> gates = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      gates.add(
          new CertifiedValidators(
              new CertificateVerifier(
                  List.of(ca.certificate()),
                  List.of(crl),
                  Clock.fixed(TestNetwork.T0, ZoneOffset.UTC),
                  Duration.ofMinutes(1)),
              net.validators.get(i).verifyingKey()));
    }

    SimulatedNetwork sim = new SimulatedNetwork(net, 21, SimulatedNetwork.Faults.NONE);
    sim.gate =
        new SimulatedNetwork.Gate() {
          @Override
          public boolean admits(int receiver, int sender, JsonObject message) {
            return gates.get(receiver).admit(message, chains.get(sender)).isValid();
          }

          @Override
          public Block certified(int receiver, Block block) {
            return gates.get(receiver).certifiedCommits(block);
          }
        };
    sim.run(6, 1, 0, 60_000);

    assertThat(sim.violations).isEmpty();
    assertThat(sim.allReached(1)).as("every transfer confirmed on every node").isTrue();
    Set<Address> uncertified =
        net.validators.subList(3, 6).stream().map(SigningKey::address).collect(Collectors.toSet());
    for (int i = 0; i < 3; i++) {
      SimulatedNetwork.Sim node = sim.nodes.get(i);
      for (Block b : node.store.blocks(0, 100)) {
        assertThat(b.commits())
            .extracting(Signed::address)
            .as("block %d on node %d", b.height(), i)
            .doesNotContainAnyElementsOf(uncertified)
            .isNotEmpty();
      }
    }
  }
}
