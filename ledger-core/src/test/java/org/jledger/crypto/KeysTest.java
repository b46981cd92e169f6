package org.jledger.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.List;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.jledger.InvalidInputException;
import org.jledger.encoding.Hash;
import org.jledger.encoding.Hex;
import org.jledger.support.Vectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeysTest {

  @Test
  void reproducesTheDesignKeyVectors() {
    for (JsonValue v : Vectors.all().getJsonArray("keys")) {
      JsonObject vector = v.asJsonObject();
      SigningKey key = SigningKey.fromHex(vector.getString("seed"));
      assertThat(key.verifyingKey().hex()).isEqualTo(vector.getString("verifying_key"));
      assertThat(key.address().value()).isEqualTo(vector.getString("address"));
      assertThat(Address.parse(vector.getString("address"))).isEqualTo(key.address());
    }
  }

  /** RFC 8032 section 7.1, TEST 1 (empty message) and TEST 3 (two bytes). */
  @Test
  void matchesRfc8032TestVectors() {
    byte[] sk1 = Hex.decode("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60", "");
    byte[] sig1 = new byte[64];
    Ed25519.sign(sk1, 0, new byte[0], 0, 0, sig1, 0);
    assertThat(Hex.encode(sig1))
        .isEqualTo(
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
                + "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
    SigningKey k3 =
        SigningKey.fromHex("c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7");
    assertThat(k3.verifyingKey().hex())
        .isEqualTo("fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025");
    byte[] sig3 = new byte[64];
    Ed25519.sign(
        Hex.decode("c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7", ""),
        0,
        new byte[] {(byte) 0xaf, (byte) 0x82},
        0,
        2,
        sig3,
        0);
    assertThat(Hex.encode(sig3))
        .isEqualTo(
            "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac"
                + "18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a");
  }

  @Test
  void signsDigestsAndRefusesTamperedSignatures() {
    SigningKey key = SigningKey.generate(new SecureRandom());
    Hash digest = Hash.sha256("hello".getBytes());
    byte[] sig = key.sign(digest);
    assertThat(key.verifyingKey().verify(digest, sig)).isTrue();
    sig[5] ^= 1;
    assertThat(key.verifyingKey().verify(digest, sig)).isFalse();
    assertThat(key.verifyingKey().verify(digest, new byte[10])).isFalse();
  }

  /**
   * A key keeps its decoded point after the first verify; every later answer is still exactly
   * Ed25519's from the key's bytes: for its own signatures, tampered ones, other digests, and keys
   * whose bytes are not a canonical point (these are refused every time, from their bytes).
   */
  @Test
  void aKeyThatVerifiedBeforeAnswersAsTheKeysBytesDo() {
    SecureRandom random = new SecureRandom();
    SigningKey signer = SigningKey.generate(random);
    VerifyingKey key = VerifyingKey.of(signer.verifyingKey().toBytes());
    for (int i = 0; i < 50; i++) {
      Hash digest = Hash.sha256(("message " + i).getBytes());
      byte[] sig = signer.sign(digest);
      if (i % 3 == 1) {
        sig[random.nextInt(sig.length)] ^= (byte) (1 + random.nextInt(255));
      }
      Hash checked = i % 5 == 2 ? Hash.sha256(("other " + i).getBytes()) : digest;
      assertThat(key.verify(checked, sig)).isEqualTo(bouncyCastle(key.toBytes(), checked, sig));
    }
    byte[] identity = new byte[32];
    identity[0] = 1; // the neutral point, of small order
    byte[] nonCanonical = new byte[32];
    java.util.Arrays.fill(nonCanonical, (byte) 0xff);
    nonCanonical[0] = (byte) 0xed;
    nonCanonical[31] = 0x7f; // y = p: not reduced
    byte[] notOnCurve = Hex.decode("02" + "00".repeat(31), 32, "key");
    Hash digest = Hash.sha256("hello".getBytes());
    byte[] sig = signer.sign(digest);
    for (byte[] bytes : List.of(identity, nonCanonical, notOnCurve)) {
      VerifyingKey odd = VerifyingKey.of(bytes);
      for (int i = 0; i < 2; i++) {
        assertThat(odd.verify(digest, sig)).isEqualTo(bouncyCastle(bytes, digest, sig)).isFalse();
      }
    }
  }

  private static boolean bouncyCastle(byte[] key, Hash digest, byte[] sig) {
    byte[] message = digest.toBytes();
    return Ed25519.verify(sig, 0, key, 0, message, 0, message.length);
  }

  /**
   * Bitcoin's well-known vector: hash160 010966776006953d5567439e5e39f86a0d273bee with version 0 is
   * 16UwLL9Risc3QfPqBUvKofHmBQ7wMtjvM.
   */
  @Test
  void base58CheckMatchesBitcoin() {
    byte[] payload = Hex.decode("00010966776006953d5567439e5e39f86a0d273bee", "");
    assertThat(Address.base58Check(payload)).isEqualTo("16UwLL9Risc3QfPqBUvKofHmBQ7wMtjvM");
    assertThat(Address.parse("16UwLL9Risc3QfPqBUvKofHmBQ7wMtjvM").value())
        .isEqualTo("16UwLL9Risc3QfPqBUvKofHmBQ7wMtjvM");
  }

  @Test
  void refusesMalformedAddresses() {
    for (String bad :
        new String[] {
          "",
          "16UwLL9Risc3QfPqBUvKofHmBQ7wMtjvN",
          "0OIl",
          "1NoSuchAddressXXXXXXXXXXXXXXXXXXXX",
          "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy"
        }) {
      assertThatThrownBy(() -> Address.parse(bad))
          .as(bad)
          .isInstanceOf(InvalidInputException.class);
    }
  }

  @Test
  void keyFilesAreOwnerReadOnlyAndRoundTrip(@TempDir Path dir) throws Exception {
    SigningKey key = SigningKey.generate(new SecureRandom());
    Path file = dir.resolve("keys/node.key");
    KeyFile.write(file, key);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("r--------");
    assertThat(KeyFile.isExposed(file)).isFalse();
    assertThat(KeyFile.read(file).address()).isEqualTo(key.address());
    assertThatThrownBy(() -> KeyFile.write(file, key))
        .isInstanceOf(java.nio.file.FileAlreadyExistsException.class);
    Path bad = dir.resolve("bad.key");
    Files.writeString(bad, "not a key");
    assertThatThrownBy(() -> KeyFile.read(bad)).hasMessageContaining("bad.key");
  }

  @Test
  void aKeyFileOthersCanReadIsRefusedLikeSshDoes(@TempDir Path dir) throws Exception {
    assumeTrue(Files.getFileStore(dir).supportsFileAttributeView("posix"), "POSIX permissions");
    SigningKey key = SigningKey.generate(new SecureRandom());
    Path file = dir.resolve("node.key");
    KeyFile.write(file, key);
    assertThat(KeyFile.readPrivate(file).address()).isEqualTo(key.address());

    for (String mode : List.of("rw-r--r--", "r---w----", "r-------x", "rw-rw----")) {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
      assertThatThrownBy(() -> KeyFile.readPrivate(file))
          .as(mode)
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining(file.toAbsolutePath().toString())
          .hasMessageContaining("mode " + mode)
          .hasMessageContaining("chmod 400")
          .hasMessageNotContaining(key.seedHex());
    }

    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    assertThat(KeyFile.readPrivate(file).address()).as("owner read-write").isEqualTo(key.address());
  }
}
