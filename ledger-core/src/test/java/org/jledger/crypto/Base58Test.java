package org.jledger.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Base58Test {

  /** Bitcoin's test vectors (base58_encode_decode.json), leading zeros included. */
  @Test
  void matchesBitcoinsVectors() {
    String[][] vectors = {
      {"", ""},
      {"61", "2g"},
      {"626262", "a3gV"},
      {"636363", "aPEr"},
      {"73696d706c792061206c6f6e6720737472696e67", "2cFupjhnEsSn59qHXstmK2ffpLv2"},
      {"00eb15231dfceb60925886b67d065299925915aeb172c06647", "1NS17iag9jJgTHD1VXjvLCEnZuQ3rJDE9L"},
      {"516b6fcd0f", "ABnLTmg"},
      {"bf4f89001e670274dd", "3SEo3LWLoPntC"},
      {"572e4794", "3EFU7m"},
      {"ecac89cad93923c02321", "EJDM8drfXA6uyA"},
      {"10c8511e", "Rt5zm"},
      {"00000000000000000000", "1111111111"}
    };
    for (String[] v : vectors) {
      byte[] bytes = org.jledger.encoding.Hex.decode(v[0], "vector");
      assertThat(Base58.encode(bytes)).as(v[0]).isEqualTo(v[1]);
      assertThat(Base58.decode(v[1])).as(v[1]).isEqualTo(bytes);
    }
  }

  /** The same numbers as arbitrary-precision arithmetic gives, for random inputs. */
  @Test
  void agreesWithBigIntegerArithmetic() {
    Random random = new Random(42);
    String alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    for (int i = 0; i < 2_000; i++) {
      byte[] input = new byte[random.nextInt(40)];
      random.nextBytes(input);
      for (int z = 0; z < input.length && random.nextInt(4) == 0; z++) {
        input[z] = 0;
      }
      StringBuilder expected = new StringBuilder();
      BigInteger n = new BigInteger(1, input);
      while (n.signum() > 0) {
        BigInteger[] qr = n.divideAndRemainder(BigInteger.valueOf(58));
        expected.append(alphabet.charAt(qr[1].intValue()));
        n = qr[0];
      }
      for (int z = 0; z < input.length && input[z] == 0; z++) {
        expected.append('1');
      }
      String encoded = Base58.encode(input);
      assertThat(encoded).isEqualTo(expected.reverse().toString());
      assertThat(Base58.decode(encoded)).isEqualTo(input);
    }
  }
}
