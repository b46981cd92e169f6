package org.jledger.pki;

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
import org.jledger.Result;
import org.jledger.chain.Block;
import org.jledger.consensus.CommitCertificate;
import org.jledger.consensus.Signed;
import org.jledger.consensus.ValidatorSet;
import org.jledger.consensus.VotePayload;
import org.jledger.crypto.SigningKey;
import org.jledger.encoding.Timestamps;
import org.jledger.pki.CertificateCheck.Verdict;
import org.jledger.support.TestNetwork;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three validators with valid certificates and three whose certificate is from an untrusted CA,
 * expired, or revoked: only the first three count, whether a message comes from its signer or is
 * relayed, and a block from a peer keeps only their commits.
 */
class CertifiedValidatorsTest {

  private static final Instant NOW = TestNetwork.T0;
  private final SecureRandom random = new SecureRandom(new byte[] {3});
  private final TestNetwork network =
      new TestNetwork(2, 1000, List.of(300L, 300L, 300L, 33L, 33L, 33L), 67);
  private final List<String> chains = new ArrayList<>();
  private CertifiedValidators gate;
  private String rogueChainOfValidator1;

  @TempDir Path dir;

  @BeforeEach
  void certify() throws Exception {
    Instant from = NOW.minus(Duration.ofDays(30));
    Instant to = NOW.plus(Duration.ofDays(365));
    CertificateAuthority ca = CertificateAuthority.create("Consortium CA", from, to, random);
    CertificateAuthority rogue = CertificateAuthority.create("Rogue CA", from, to, random);
    List<SigningKey> v = network.validators;
    for (int i = 0; i < 3; i++) {
      chains.add(Pem.write(ca.issueValidator("node_" + i, v.get(i).verifyingKey(), from, to)));
    }
    chains.add(Pem.write(rogue.issueValidator("node_3", v.get(3).verifyingKey(), from, to)));
    rogueChainOfValidator1 =
        Pem.write(rogue.issueValidator("node_1", v.get(1).verifyingKey(), from, to));
    chains.add(
        Pem.write(
            ca.issueValidator(
                "node_4", v.get(4).verifyingKey(), from, NOW.minus(Duration.ofDays(1)))));
    var revoked = ca.issueValidator("node_5", v.get(5).verifyingKey(), from, to);
    chains.add(Pem.write(revoked));
    Path crl = dir.resolve("ca.crl");
    Files.writeString(crl, Pem.write(ca.crl(List.of(revoked.getSerialNumber()), from, to)));
    gate =
        new CertifiedValidators(
            new CertificateVerifier(
                List.of(ca.certificate()),
                List.of(crl),
                Clock.fixed(NOW, ZoneOffset.UTC),
                Duration.ofMinutes(1)),
            network.validators.get(0).verifyingKey());
  }

  private JsonObject vote(int validator) {
    return Signed.sign(
            new VotePayload(
                VotePayload.Phase.VOTE, TestNetwork.NETWORK_ID, 0, 0, null, Timestamps.format(NOW)),
            network.validators.get(validator))
        .toJson();
  }

  @Test
  void onlyValidatorsWithAValidCertificateAreAdmitted() {
    for (int i = 0; i < 3; i++) {
      CertificateCheck check = gate.admit(vote(i), chains.get(i));
      assertThat(check.isValid()).as(check.toString()).isTrue();
    }
    assertThat(gate.admit(vote(3), chains.get(3)).verdict()).isEqualTo(Verdict.UNTRUSTED_ISSUER);
    assertThat(gate.admit(vote(4), chains.get(4)).verdict()).isEqualTo(Verdict.EXPIRED);
    assertThat(gate.admit(vote(5), chains.get(5)).verdict()).isEqualTo(Verdict.REVOKED);
    assertThat(gate.admit(vote(1), null).isValid()).as("known from before").isTrue();
    assertThat(gate.admit(vote(1), "garbage").verdict()).isEqualTo(Verdict.MALFORMED);
    assertThat(gate.admit(vote(0), chains.get(3)).isValid())
        .as("this node's own vote, relayed back by another")
        .isTrue();
  }

  @Test
  void relayedVotesAreJudgedByTheSignersOwnCertificate() {
    gate.admit(vote(1), chains.get(1));
    gate.admit(vote(3), chains.get(3));

    assertThat(gate.admit(vote(1), chains.get(0)).isValid()).isTrue();
    assertThat(gate.admit(vote(3), chains.get(0)).verdict()).isEqualTo(Verdict.UNTRUSTED_ISSUER);
    assertThat(gate.admit(vote(2), chains.get(0)).verdict())
        .as("no certificate of validator 2 was ever seen")
        .isEqualTo(Verdict.NOT_YET_SEEN);
    assertThat(gate.admit(vote(2), null).verdict()).isEqualTo(Verdict.MISSING);
  }

  @Test
  void aBlockFromAPeerKeepsOnlyCertifiedCommitsAndStillHoldsAQuorum() {
    for (int i = 0; i < 6; i++) {
      gate.admit(vote(i), chains.get(i));
    }
    Block block = network.chain(1).blocks().get(0);
    assertThat(block.commits()).hasSize(6);

    Block certified = gate.certifiedCommits(block);

    assertThat(certified.commits())
        .extracting(Signed::address)
        .containsExactlyInAnyOrder(
            network.validators.get(0).address(),
            network.validators.get(1).address(),
            network.validators.get(2).address());
    assertThat(certified.hash()).isEqualTo(block.hash());
    ValidatorSet validators =
        ValidatorSet.fromEntries(
            network.genesis.entries(ValidatorSet.VOTING_POWER_MODEL), network.config.quorum());
    Result<Long> check =
        CommitCertificate.check(
            certified.commits(), TestNetwork.NETWORK_ID, 0, block.hash(), validators);
    assertThat(check.isOk()).as(check.toString()).isTrue();
  }

  @Test
  void theUncertifiedValidatorsAloneAreNoQuorum() {
    for (int i = 0; i < 6; i++) {
      gate.admit(vote(i), chains.get(i));
    }
    Block block = network.chain(1).blocks().get(0);
    var bad = network.validators.subList(3, 6).stream().map(SigningKey::address).toList();
    List<Signed<VotePayload>> badOnly =
        block.commits().stream().filter(c -> bad.contains(c.address())).toList();
    assertThat(badOnly).hasSize(3);
    Block certified = gate.certifiedCommits(block.withCommits(badOnly));
    assertThat(certified.commits()).isEmpty();
  }

  @Test
  void aBlockKeepsTheNodesOwnCommitAndThoseOfSignersNotHeardFromYet() {
    gate.admit(vote(1), chains.get(1));
    gate.admit(vote(3), chains.get(3));
    Block block = network.chain(1).blocks().get(0);

    Block certified = gate.certifiedCommits(block);

    assertThat(certified.commits())
        .extracting(Signed::address)
        .as("validator 0 is this node; 2, 4 and 5 were never heard from; 3 was refused")
        .containsExactlyInAnyOrder(
            network.validators.get(0).address(),
            network.validators.get(1).address(),
            network.validators.get(2).address(),
            network.validators.get(4).address(),
            network.validators.get(5).address());
  }

  @Test
  void aForgedMessageDoesNotMakeTheNodeForgetAGoodCertificate() {
    assertThat(gate.admit(vote(1), chains.get(1)).isValid()).isTrue();
    JsonObject forged =
        jakarta.json.Json.createObjectBuilder(vote(1)).add("signature", "00".repeat(64)).build();

    assertThat(gate.admit(forged, rogueChainOfValidator1).verdict()).isEqualTo(Verdict.MALFORMED);
    assertThat(gate.admit(forged, "garbage").verdict()).isEqualTo(Verdict.MALFORMED);
    assertThat(gate.admit(vote(1), rogueChainOfValidator1).verdict())
        .as("the validator itself now sends a bad certificate")
        .isEqualTo(Verdict.UNTRUSTED_ISSUER);
    assertThat(gate.admit(vote(1), chains.get(1)).isValid()).isTrue();

    assertThat(gate.admit(vote(1), null).isValid()).as("still known").isTrue();
  }
}
