package org.jledger.dapp.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jledger.InvalidInputException;
import org.jledger.chain.Block;
import org.jledger.chain.BlockBuilder;
import org.jledger.chain.InMemoryBlockStore;
import org.jledger.consensus.CommitCertificate;
import org.jledger.consensus.Signed;
import org.jledger.consensus.VotePayload;
import org.jledger.crypto.Address;
import org.jledger.crypto.SigningKey;
import org.jledger.encoding.CanonicalJson;
import org.jledger.node.LedgerNode;
import org.jledger.support.TestNetwork;
import org.jledger.transaction.Transaction;
import org.jledger.transaction.TransactionStatus;
import org.junit.jupiter.api.Test;

/**
 * A validator-set change through the whole pipeline of one node: admission, blocks, and the
 * validator set of the next height. Four validators of 100 each, quorum 67: three approvals (300 of
 * 400) are a quorum, two are not.
 */
class ValidatorSetChangeTest {

  private final TestNetwork net = new TestNetwork(2, 100, 4, 67);
  private final SigningKey newcomer = TestNetwork.key("newcomer", 0);
  private final Map<Address, Long> nonces = new HashMap<>();
  private final LedgerNode node =
      new LedgerNode(
          net.parameters,
          net.dapps,
          net.genesis,
          new InMemoryBlockStore(),
          Clock.fixed(TestNetwork.T0, ZoneOffset.UTC),
          1000);

  private Transaction approval(SigningKey signer, String proposal, Map<String, Long> changes) {
    JsonObjectBuilder c = CanonicalJson.PROVIDER.createObjectBuilder();
    changes.forEach(c::add);
    JsonObject transform =
        CanonicalJson.PROVIDER
            .createObjectBuilder()
            .add("fqdn", "plug.transform.ValidatorSetChange")
            .add("validator", signer.address().value())
            .add("proposal", proposal)
            .add("changes", c)
            .build();
    long nonce = nonces.merge(signer.address(), 1L, Long::sum) - 1;
    return Transaction.sign(
        transform, TestNetwork.NETWORK_ID, List.of(signer), Map.of(signer.address(), nonce));
  }

  private Block commitNext() {
    BlockBuilder.Built built = node.propose(net.validators.get(0).address(), 0).orElseThrow();
    Block block = built.block();
    node.commit(block, net.certificate(block), node.validate(block).value());
    return block;
  }

  private Map<String, Long> addNewcomer() {
    return Map.of(newcomer.address().value(), 100L);
  }

  @Test
  void aQuorumOfApprovalsChangesTheValidatorSetFromTheNextHeight() {
    node.start();
    node.submit(approval(net.validators.get(0), "add", addNewcomer()));
    node.submit(approval(net.validators.get(1), "add", addNewcomer()));
    commitNext();
    // 200 of 400 approved: pending, the set is unchanged
    assertThat(node.validators().addresses()).doesNotContain(newcomer.address());
    assertThat(node.head().get(ValidatorSetProposalModel.FQDN, "add")).isPresent();

    Transaction third = approval(net.validators.get(2), "add", addNewcomer());
    node.submit(third);
    commitNext();
    Block decisive = node.headBlock().orElseThrow();
    assertThat(node.transaction(third.hash()).orElseThrow().status())
        .isEqualTo(TransactionStatus.CONFIRMED);
    assertThat(node.validators().addresses()).contains(newcomer.address()).hasSize(5);
    assertThat(node.validators().totalPower()).isEqualTo(500);
    assertThat(node.head().get(ValidatorSetProposalModel.FQDN, "add")).isEmpty();

    // the block that made the change was certified by the old set; the next one needs the new set
    assertThat(decisive.commits()).hasSize(4);
    node.submit(net.transfer(0, 1, 5, 0));
    Block next = node.propose(newcomer.address(), 0).orElseThrow().block();
    assertThat(certified(next, net.certificate(next)))
        .as("four of five validators (400 of 500) are a quorum")
        .isTrue();
    assertThat(certified(next, net.certificate(next).subList(0, 3)))
        .as("three of five (300 of 500) are not, though they were of four")
        .isFalse();
  }

  private boolean certified(Block block, List<Signed<VotePayload>> commits) {
    return CommitCertificate.check(
            commits, TestNetwork.NETWORK_ID, block.height(), block.hash(), node.validators())
        .isOk();
  }

  @Test
  void aValidatorIsRemovedAndLosesItsVoteOnPendingProposals() {
    node.start();
    String leaver = net.validators.get(3).address().value();
    // validator 3 approves something that is still pending when it is removed
    node.submit(approval(net.validators.get(3), "add", addNewcomer()));
    for (int i = 0; i < 3; i++) {
      node.submit(approval(net.validators.get(i), "remove", Map.of(leaver, 0L)));
    }
    commitNext();
    assertThat(node.validators().isValidator(net.validators.get(3).address())).isFalse();
    assertThat(node.validators().totalPower()).isEqualTo(300);
    // 3's old approval counts for nothing now, and 200 of 300 (66.7%) is below the quorum of 67:
    // it takes all three remaining validators
    node.submit(approval(net.validators.get(0), "add", addNewcomer()));
    node.submit(approval(net.validators.get(1), "add", addNewcomer()));
    commitNext();
    assertThat(node.validators().isValidator(newcomer.address())).isFalse();
    node.submit(approval(net.validators.get(2), "add", addNewcomer()));
    commitNext();
    assertThat(node.validators().isValidator(newcomer.address())).isTrue();
  }

  @Test
  void refusalsAtAdmissionChangeNothing() {
    node.start();
    SigningKey outsider = net.accounts.get(0);
    assertRefused(approval(outsider, "add", addNewcomer()), "not_validator");
    assertRefused(approval(net.validators.get(0), "", addNewcomer()), "invalid_proposal");
    assertRefused(approval(net.validators.get(0), "x", Map.of()), "invalid_proposal");
    assertRefused(
        approval(net.validators.get(0), "x", Map.of(newcomer.address().value(), -1L)),
        "invalid_proposal");
    assertRefused(
        approval(net.validators.get(0), "x", Map.of("not-an-address", 1L)), "invalid_address");
    Map<String, Long> everyone = new HashMap<>();
    net.validators.forEach(v -> everyone.put(v.address().value(), 0L));
    assertRefused(approval(net.validators.get(0), "x", everyone), "no_validators_left");

    nonces.clear();
    node.submit(approval(net.validators.get(0), "add", addNewcomer()));
    commitNext();
    assertRefused(approval(net.validators.get(0), "add", addNewcomer()), "already_approved");
    assertRefused(
        approval(net.validators.get(1), "add", Map.of(newcomer.address().value(), 5L)),
        "proposal_mismatch");
    assertThat(node.validators().totalPower()).isEqualTo(400);
  }

  @Test
  void theChangeIsPartOfEveryNetworkWithoutBeingListed() {
    assertThat(net.config.transforms()).doesNotContain(ValidatorSetChange.FQDN);
    assertThat(net.dapps.transformNames()).contains(ValidatorSetChange.FQDN);
    assertThat(net.dapps.transformType("plug.transform.VotingPowerTransfer")).isPresent();
  }

  private void assertRefused(Transaction tx, String code) {
    assertThatThrownBy(() -> node.submit(tx))
        .isInstanceOf(InvalidInputException.class)
        .extracting("code")
        .isEqualTo(code);
    nonces.merge(tx.proofs().keySet().iterator().next(), -1L, Long::sum);
  }
}
