package org.jledger.chain;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import org.jledger.encoding.CanonicalJson;
import org.jledger.encoding.Hash;
import org.jledger.support.Vectors;
import org.junit.jupiter.api.Test;

class HeaderAndRootsTest {

  @Test
  void transactionsRootsMatchRfc6962Vectors() {
    for (JsonValue v : Vectors.all().getJsonArray("rfc6962")) {
      JsonObject vector = v.asJsonObject();
      List<Hash> leaves = new ArrayList<>();
      for (JsonValue h : vector.getJsonArray("transaction_hashes")) {
        leaves.add(Hash.fromHex(((jakarta.json.JsonString) h).getString(), "leaf"));
      }
      assertThat(Rfc6962.root(leaves).hex())
          .as("%d leaves", leaves.size())
          .isEqualTo(vector.getString("transactions_root"));
    }
  }

  /** RFC 6962's empty tree is SHA-256 of the empty string. */
  @Test
  void emptyTreeIsTheHashOfNothing() {
    assertThat(Rfc6962.root(List.of()).hex())
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  @Test
  void blockHeaderHashMatchesTheVector() {
    JsonObject vector = Vectors.all().getJsonObject("block_header");
    BlockHeader header = BlockHeader.fromJson(vector.getJsonObject("header"));
    assertThat(header.members().build()).isEqualTo(vector.getJsonObject("header"));
    assertThat(header.hash().hex()).isEqualTo(vector.getString("hash"));
  }

  @Test
  void previousCommitsRootOfNoCommitsIsTheDigestOfAnEmptyArray() {
    assertThat(BlockHeader.previousCommitsRoot(List.of()))
        .isEqualTo(CanonicalJson.digest(JsonValue.EMPTY_JSON_ARRAY));
    assertThat(BlockHeader.previousCommitsRoot(List.of()).hex())
        .isEqualTo(
            Vectors.all()
                .getJsonObject("block_header")
                .getJsonObject("header")
                .getString("previous_commits_root"));
  }
}
