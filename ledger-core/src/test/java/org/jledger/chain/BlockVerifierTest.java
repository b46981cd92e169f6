package org.jledger.chain;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.jledger.Result;
import org.jledger.encoding.CanonicalJson;
import org.jledger.state.State;
import org.jledger.support.TestNetwork;
import org.jledger.transaction.Admitted;
import org.jledger.transaction.Transaction;
import org.junit.jupiter.api.Test;

class BlockVerifierTest {

  private final TestNetwork net = new TestNetwork(8, 100, 1, 67);

  /** A copy of {@code tx} whose signature has one hex digit changed. */
  private static Transaction withTamperedSignature(Transaction tx) {
    JsonObject json = tx.toJson();
    String address = json.getJsonObject("proofs").keySet().iterator().next();
    String signature = json.getJsonObject("proofs").getJsonObject(address).getString("signature");
    char last = signature.charAt(signature.length() - 1);
    String tampered = signature.substring(0, signature.length() - 1) + (last == '0' ? '1' : '0');
    return Transaction.parse(CanonicalJson.toCanonicalString(json).replace(signature, tampered));
  }

  /** A block of {@code txs} built without the admission check, as a faulty proposer might. */
  private Block blockOf(List<Transaction> txs) {
    List<Admitted> candidates = new ArrayList<>();
    for (Transaction tx : txs) {
      candidates.add(new Admitted(tx, net.dapps.bind(tx.transform()), true));
    }
    return net.builder
        .build(
            net.genesis,
            null,
            List.of(),
            candidates,
            net.validators.get(0).address(),
            0,
            TestNetwork.T0)
        .block();
  }

  @Test
  void aBlockOfTransactionsNeverSeenBeforeVerifiesOnAllCores() {
    List<Transaction> txs = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      txs.add(net.transfer(i, (i + 1) % 8, 1, 0));
    }
    Block block = blockOf(txs);
    TestNetwork fresh = new TestNetwork(8, 100, 1, 67);
    for (Transaction tx : txs) {
      assertThat(fresh.admission.isVerified(tx)).isFalse();
    }

    Result<State> verified = fresh.verifier.verify(block, fresh.genesis, null, null);

    assertThat(verified.isOk()).isTrue();
    for (Transaction tx : txs) {
      assertThat(fresh.admission.isVerified(tx)).as("remembered as verified").isTrue();
    }
  }

  @Test
  void aTamperedSignatureIsRefusedInOrderThoughSignaturesAreVerifiedInParallel() {
    List<Transaction> txs = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      txs.add(net.transfer(i, (i + 1) % 8, 1, 0));
    }
    Transaction bad = withTamperedSignature(txs.get(5));
    txs.set(5, bad);
    Block block = blockOf(txs);
    assertThat(block.transactions()).hasSize(8);
    TestNetwork fresh = new TestNetwork(8, 100, 1, 67);

    Result<State> verified = fresh.verifier.verify(block, fresh.genesis, null, null);

    assertThat(verified)
        .isInstanceOfSatisfying(
            Result.Refused.class,
            r ->
                assertThat(r.reason())
                    .startsWith("transaction 5 (" + bad.hash() + ") is not admissible")
                    .contains("signature does not verify"));
    assertThat(fresh.admission.isVerified(bad)).isFalse();
  }

  @Test
  void aTransactionVerifiedOnceDoesNotLendItsVerificationToATamperedCopy() {
    Transaction tx = net.transfer(0, 1, 1, 0);
    assertThat(net.admission.check(tx, net.genesis).isOk()).isTrue();
    assertThat(net.admission.isVerified(tx)).isTrue();
    Transaction bad = withTamperedSignature(tx);

    assertThat(net.admission.check(bad, net.genesis))
        .isInstanceOfSatisfying(
            Result.Refused.class, r -> assertThat(r.code()).isEqualTo("invalid_signature"));
  }
}
