package org.jledger.consensus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.jledger.InvalidInputException;
import org.jledger.Result;
import org.jledger.crypto.SigningKey;
import org.jledger.encoding.CanonicalJson;
import org.jledger.encoding.Hash;
import org.jledger.support.Vectors;
import org.junit.jupiter.api.Test;

class SignedMessageTest {

  private static final JsonObject VECTOR = Vectors.all().getJsonObject("commit");
  private static final JsonObject MESSAGE = VECTOR.getJsonObject("message");
  private static final String NETWORK = MESSAGE.getString("network_id");
  private static final Hash BLOCK = Hash.fromHex(MESSAGE.getString("block_hash"), "block");

  private static SigningKey key(String seedByte) {
    return SigningKey.fromHex(seedByte.repeat(32));
  }

  @Test
  void reproducesTheSignedCommitVector() {
    SigningKey signer = SigningKey.fromHex(VECTOR.getString("signer_seed"));
    VotePayload payload = VotePayload.fromJson(MESSAGE);
    Signed<VotePayload> signed = Signed.sign(payload, signer);
    assertThat(signed.signingDigest().hex()).isEqualTo(VECTOR.getString("signed_digest"));
    assertThat(signed.toJson()).isEqualTo(MESSAGE);
    Signed<VotePayload> parsed = Signed.voteFromJson(MESSAGE);
    assertThat(parsed.hasValidSignature()).isTrue();
    assertThat(parsed).isEqualTo(signed);
  }

  @Test
  void aMessageWithAnAlteredMemberNoLongerVerifies() {
    JsonObject altered =
        CanonicalJson.PROVIDER.createObjectBuilder(MESSAGE).add("round", 1).build();
    assertThat(Signed.voteFromJson(altered).hasValidSignature()).isFalse();
  }

  @Test
  void aKeyOfAnotherAddressDoesNotVerify() {
    JsonObject other =
        CanonicalJson.PROVIDER
            .createObjectBuilder(MESSAGE)
            .add("verifying_key", key("b2").verifyingKey().hex())
            .build();
    assertThat(Signed.voteFromJson(other).hasValidSignature()).isFalse();
  }

  @Test
  void unknownMembersAreRefused() {
    JsonObject extra = CanonicalJson.PROVIDER.createObjectBuilder(MESSAGE).add("x", 1).build();
    assertThatThrownBy(() -> Signed.voteFromJson(extra))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("unknown member");
  }

  private static Signed<VotePayload> commit(SigningKey k, long round, Hash block) {
    return Signed.sign(
        new VotePayload(
            VotePayload.Phase.COMMIT, NETWORK, 0, round, block, "2026-01-01T00:00:01.000Z"),
        k);
  }

  @Test
  void aCertificateNeedsAQuorumOfVotingPowerInOneRound() {
    SigningKey a = key("a1");
    SigningKey b = key("b2");
    SigningKey c = key("c3");
    ValidatorSet set =
        new ValidatorSet(Map.of(a.address(), 50L, b.address(), 30L, c.address(), 20L), 67);
    // 50 of 100 is short of 67%
    assertThat(CommitCertificate.check(List.of(commit(a, 0, BLOCK)), NETWORK, 0, BLOCK, set))
        .isInstanceOf(Result.Refused.class);
    // 70 of 100 in round 2 reaches it
    assertThat(
            CommitCertificate.check(
                List.of(commit(c, 2, BLOCK), commit(a, 2, BLOCK)), NETWORK, 0, BLOCK, set))
        .isEqualTo(Result.ok(2L));
    // the same power split over two rounds does not
    assertThat(
            CommitCertificate.check(
                List.of(commit(c, 1, BLOCK), commit(a, 2, BLOCK)), NETWORK, 0, BLOCK, set))
        .isInstanceOf(Result.Refused.class);
  }

  @Test
  void aCertificateWithAStrangerADuplicateOrAnotherBlockIsRefused() {
    SigningKey a = key("a1");
    SigningKey b = key("b2");
    SigningKey stranger = key("d4");
    ValidatorSet set = new ValidatorSet(Map.of(a.address(), 1L, b.address(), 1L), 51);
    Hash other = Hash.sha256(new byte[] {1});
    assertRefused(List.of(commit(a, 0, BLOCK), commit(stranger, 0, BLOCK)), set, "not a validator");
    assertRefused(List.of(commit(a, 0, BLOCK), commit(a, 0, BLOCK)), set, "twice");
    assertRefused(List.of(commit(a, 0, BLOCK), commit(b, 0, other)), set, "another block");
    Signed<VotePayload> forged =
        new Signed<>(commit(b, 0, BLOCK).payload(), b.address(), b.verifyingKey(), new byte[64]);
    assertRefused(List.of(commit(a, 0, BLOCK), forged), set, "signature");
    Signed<VotePayload> vote =
        Signed.sign(
            new VotePayload(
                VotePayload.Phase.VOTE, NETWORK, 0, 0, BLOCK, "2026-01-01T00:00:01.000Z"),
            b);
    assertRefused(List.of(commit(a, 0, BLOCK), vote), set, "not a Commit");
    assertThat(
            CommitCertificate.check(
                List.of(commit(a, 0, BLOCK), commit(b, 0, BLOCK)), NETWORK, 0, BLOCK, set))
        .isEqualTo(Result.ok(0L));
  }

  private static void assertRefused(
      List<Signed<VotePayload>> commits, ValidatorSet set, String reason) {
    Result<Long> result = CommitCertificate.check(commits, NETWORK, 0, BLOCK, set);
    assertThat(result).isInstanceOf(Result.Refused.class);
    assertThat(((Result.Refused<Long>) result).reason()).contains(reason);
  }
}
