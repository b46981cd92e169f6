package org.jledger.transaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.jledger.InvalidInputException;
import org.jledger.crypto.SigningKey;
import org.jledger.encoding.CanonicalJson;
import org.jledger.support.Vectors;
import org.junit.jupiter.api.Test;

class TransactionTest {

  private static final JsonObject VECTOR = Vectors.all().getJsonObject("transaction");
  private static final String NETWORK = VECTOR.getString("network_id");
  private static final SigningKey SIGNER = SigningKey.fromHex(VECTOR.getString("signer_seed"));

  @Test
  void reproducesTheSignedTransactionVector() {
    JsonObject expected = VECTOR.getJsonObject("transaction");
    Transaction tx =
        Transaction.sign(expected.getJsonObject("transform"), NETWORK, List.of(SIGNER), Map.of());
    assertThat(tx.toJson()).isEqualTo(expected);
    assertThat(tx.hash().hex()).isEqualTo(VECTOR.getString("transaction_hash"));
    SingleKeyProof proof = tx.proofs().get(SIGNER.address());
    assertThat(proof.challenge().hex()).isEqualTo(VECTOR.getString("challenge"));
    proof.verify(NETWORK, tx.transform());
  }

  @Test
  void parsesTheVectorAndKeepsItAsSent() {
    Transaction tx = Transaction.fromJson(VECTOR.getJsonObject("transaction"));
    assertThat(tx.hash().hex()).isEqualTo(VECTOR.getString("transaction_hash"));
    assertThat(tx.transformName()).isEqualTo("demo.BalanceTransfer");
  }

  @Test
  void aProofForAnotherNetworkDoesNotVerify() {
    Transaction tx = Transaction.fromJson(VECTOR.getJsonObject("transaction"));
    SingleKeyProof proof = tx.proofs().get(SIGNER.address());
    assertThatThrownBy(() -> proof.verify("another-network", tx.transform()))
        .isInstanceOf(InvalidTransactionException.class)
        .extracting("code")
        .isEqualTo("invalid_challenge");
  }

  @Test
  void aTamperedSignatureDoesNotVerify() {
    String text = CanonicalJson.toCanonicalString(VECTOR.getJsonObject("transaction"));
    String tampered = text.replace("f612f6f1", "f612f6f2");
    Transaction tx = Transaction.parse(tampered);
    assertThatThrownBy(() -> tx.proofs().get(SIGNER.address()).verify(NETWORK, tx.transform()))
        .extracting("code")
        .isEqualTo("invalid_signature");
  }

  @Test
  void malformedTransactionsAreRefusedWithTheMemberNamed() {
    String good = CanonicalJson.toCanonicalString(VECTOR.getJsonObject("transaction"));
    assertThatThrownBy(() -> Transaction.parse(good.replace("\"nonce\":0", "\"nonce\":\"0\"")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("nonce must be an integer");
    assertThatThrownBy(() -> Transaction.parse(good.replace("\"amount\":10", "\"amount\":10.5")))
        .hasMessageContaining("not an integer");
    assertThatThrownBy(() -> Transaction.parse("{\"fqdn\":\"plug.consensus.Transaction\"}"))
        .hasMessageContaining("transaction.transform is missing");
    assertThatThrownBy(
            () -> Transaction.parse(good.replace("\"challenge\":\"9244", "\"challenge\":\"zz44")))
        .hasMessageContaining("not valid hex");
    JsonObject extra =
        CanonicalJson.PROVIDER
            .createObjectBuilder(VECTOR.getJsonObject("transaction"))
            .add("extra", 1)
            .build();
    assertThatThrownBy(() -> Transaction.fromJson(extra)).hasMessageContaining("unknown member");
    assertThatThrownBy(
            () ->
                Transaction.parse(
                    "{\"fqdn\":\"plug.consensus.Transaction\",\"transform\":{\"fqdn\":\"x\"},"
                        + "\"proofs\":{}}"))
        .extracting("code")
        .isEqualTo("missing_proof");
  }

  @Test
  void hasTheContentOfJsonExactlyWhenThatJsonHashesTheSame() {
    String text = CanonicalJson.toCanonicalString(VECTOR.getJsonObject("transaction"));
    Transaction tx = Transaction.parse(text);
    int at = text.indexOf("\"signature\":\"") + 13;
    List<String> variants =
        List.of(
            text,
            " " + text.replace(",", " , ") + " ",
            text.replace("\"amount\":10", "\"amount\":1.0E1"),
            text.replace("\"amount\":10", "\"amount\":11"),
            text.substring(0, at)
                + text.substring(at, at + 128).toUpperCase()
                + text.substring(at + 128));
    for (String variant : variants) {
      boolean sameHash = Transaction.parse(variant).hash().equals(tx.hash());
      assertThat(tx.hasContent(CanonicalJson.parseObject(variant))).as(variant).isEqualTo(sameHash);
    }
    assertThat(
            tx.hasContent(
                CanonicalJson.parseObject(text.replace("\"amount\":10", "\"amount\":11"))))
        .isFalse();
    JsonObject extra =
        CanonicalJson.PROVIDER
            .createObjectBuilder(VECTOR.getJsonObject("transaction"))
            .add("extra", 1)
            .build();
    assertThat(tx.hasContent(extra)).isFalse();
    assertThat(Transaction.firstSignature(CanonicalJson.parseObject(text)))
        .isEqualTo(tx.firstSignature());
  }
}
