package org.jledger.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jledger.state.SparseMerkleTreeTest.hash;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jledger.InvalidInputException;
import org.jledger.encoding.CanonicalJson;
import org.jledger.encoding.Hash;
import org.junit.jupiter.api.Test;

class StateProofTest {

  private static final String A = "a".repeat(64);
  private static final String B = "b".repeat(64);

  @Test
  void jsonHasTheNormativeShapeAndReadsBack() {
    StateProof withLeaf =
        new StateProof(
            new StateProof.Leaf(Hash.fromHex(A, "a"), Hash.fromHex(B, "b")),
            List.of(Hash.ZERO, Hash.fromHex(A, "a")));
    assertThat(CanonicalJson.toCanonicalString(withLeaf.toJson()))
        .isEqualTo(
            "{\"leaf\":{\"path\":\""
                + A
                + "\",\"value_hash\":\""
                + B
                + "\"},\"siblings\":[\""
                + "0".repeat(64)
                + "\",\""
                + A
                + "\"]}");
    assertThat(StateProof.fromJson(withLeaf.toJson())).isEqualTo(withLeaf);

    StateProof empty = new StateProof(null, List.of());
    assertThat(CanonicalJson.toCanonicalString(empty.toJson()))
        .isEqualTo("{\"leaf\":null,\"siblings\":[]}");
    assertThat(StateProof.fromJson(empty.toJson())).isEqualTo(empty);
  }

  @Test
  void malformedProofJsonIsRefusedWithAClearMessage() {
    String leaf = "{\"path\":\"" + A + "\",\"value_hash\":\"" + B + "\"}";
    assertRefused("{\"siblings\":[]}", "\"leaf\"");
    assertRefused("{\"leaf\":null}", "\"siblings\"");
    assertRefused("{\"leaf\":null,\"siblings\":{}}", "\"siblings\"");
    assertRefused("{\"leaf\":null,\"siblings\":[],\"extra\":1}", "unknown field \"extra\"");
    assertRefused("{\"leaf\":7,\"siblings\":[]}", "null or an object");
    assertRefused("{\"leaf\":{\"path\":\"" + A + "\"},\"siblings\":[]}", "leaf.value_hash");
    assertRefused(
        "{\"leaf\":{\"path\":\"" + A + "\",\"value_hash\":\"" + B + "\",\"x\":1},\"siblings\":[]}",
        "unknown field \"x\"");
    assertRefused("{\"leaf\":" + leaf + ",\"siblings\":[\"abc\"]}", "siblings[0]");
    assertRefused("{\"leaf\":" + leaf + ",\"siblings\":[\"" + "z".repeat(64) + "\"]}", "hex");
    assertRefused("{\"leaf\":" + leaf + ",\"siblings\":[null]}", "siblings[0]");
    assertRefused(
        "{\"leaf\":null,\"siblings\":["
            + String.join(",", Collections.nCopies(257, "\"" + A + "\""))
            + "]}",
        "at most 256");
    assertThatThrownBy(() -> StateProof.fromJson(null)).isInstanceOf(InvalidInputException.class);
  }

  private static void assertRefused(String json, String messagePart) {
    JsonObject object = CanonicalJson.parseObject(json);
    assertThatThrownBy(() -> StateProof.fromJson(object))
        .as(json)
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(messagePart);
  }

  @Test
  void hostileProofsAreRejectedWithoutThrowing() {
    Hash path = hash("p");
    Hash value = hash("v");
    SparseMerkleTree tree = SparseMerkleTree.EMPTY.with(path, value).with(hash("q"), hash("w"));
    Hash root = tree.root();
    StateProof honest = tree.prove(path);
    assertThat(honest.verifiesInclusion(root, path, value)).isTrue();

    List<Hash> tooMany = new ArrayList<>(Collections.nCopies(300, Hash.ZERO));
    StateProof longProof = new StateProof(honest.leaf(), tooMany);
    assertThat(longProof.verifiesInclusion(root, path, value)).isFalse();
    assertThat(longProof.verifiesNonInclusion(root, hash("absent"))).isFalse();
    assertThat(longProof.verify(root, new StateKey("m", "k"), JsonValue.TRUE)).isFalse();
    assertThat(new StateProof(null, tooMany).verifiesNonInclusion(root, path)).isFalse();

    assertThat(honest.verifiesInclusion(null, path, value)).isFalse();
    assertThat(honest.verifiesInclusion(root, null, value)).isFalse();
    assertThat(honest.verifiesInclusion(root, path, null)).isFalse();
    assertThat(honest.verifiesNonInclusion(null, path)).isFalse();
    assertThat(honest.verify(root, null, JsonValue.TRUE)).isFalse();
    // A value that has no canonical encoding verifies nothing.
    assertThat(honest.verify(root, new StateKey("m", "k"), CanonicalJson.PROVIDER.createValue(1.5)))
        .isFalse();
  }

  @Test
  void theVerifierWalksTheQueriedPathNotTheLeafs() {
    Hash path = hash("p");
    SparseMerkleTree tree = SparseMerkleTree.EMPTY.with(path, hash("v")).with(hash("q"), hash("w"));
    StateProof proof = tree.prove(path);
    // The same siblings walked along a path that turns the other way at depth 0 lead elsewhere.
    Hash turned = SparseMerkleTreeTest.flip(path, 0);
    assertThat(proof.computeRoot(path)).isEqualTo(tree.root());
    assertThat(proof.computeRoot(turned)).isNotEqualTo(tree.root());
    assertThat(proof.verifiesNonInclusion(tree.root(), turned)).isFalse();
  }

  @Test
  void verifyChecksAStateEntryByKeyAndValue() {
    StateKey key = new StateKey("demo.BalanceModel", "1Alice");
    JsonValue value = CanonicalJson.parse("{\"balance\":10}");
    SparseMerkleTree tree =
        SparseMerkleTree.EMPTY
            .with(key.path(), StateKey.valueHash(value))
            .with(new StateKey("demo.BalanceModel", "1Bob").path(), hash("x"));
    StateProof proof = tree.prove(key.path());
    assertThat(proof.verify(tree.root(), key, value)).isTrue();
    assertThat(proof.verify(tree.root(), key, CanonicalJson.parse("{\"balance\":11}"))).isFalse();
    assertThat(proof.verify(tree.root(), key, null)).isFalse();
    assertThat(proof.verify(tree.root(), new StateKey("demo.BalanceModel", "1Carol"), value))
        .isFalse();
    StateKey absent = new StateKey("demo.BalanceModel", "1Carol");
    assertThat(tree.prove(absent.path()).verify(tree.root(), absent, null)).isTrue();
  }

  @Test
  void computeRootWithoutALeafNeedsThePath() {
    StateProof noLeaf = new StateProof(null, List.of(hash("s")));
    assertThatThrownBy(noLeaf::computeRoot).isInstanceOf(IllegalStateException.class);
    assertThat(new StateProof(null, List.of()).computeRoot(hash("any"))).isEqualTo(Hash.ZERO);
  }
}
