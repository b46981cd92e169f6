package org.jledger.crypto;

import java.math.BigInteger;
import java.util.Arrays;
import org.jledger.InvalidInputException;

/** Bitcoin's Base58 alphabet, plain (no checksum); {@link Address} adds the checksum. */
final class Base58 {

  private static final String ALPHABET =
      "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
  private static final BigInteger BASE = BigInteger.valueOf(58);
  private static final int[] INDEX = new int[128];

  static {
    Arrays.fill(INDEX, -1);
    for (int i = 0; i < ALPHABET.length(); i++) {
      INDEX[ALPHABET.charAt(i)] = i;
    }
  }

  private Base58() {}

  static String encode(byte[] input) {
    BigInteger n = new BigInteger(1, input);
    StringBuilder sb = new StringBuilder();
    while (n.signum() > 0) {
      BigInteger[] qr = n.divideAndRemainder(BASE);
      sb.append(ALPHABET.charAt(qr[1].intValue()));
      n = qr[0];
    }
    for (int i = 0; i < input.length && input[i] == 0; i++) {
      sb.append('1');
    }
    return sb.reverse().toString();
  }

  static byte[] decode(String text) {
    BigInteger n = BigInteger.ZERO;
    int leadingZeros = 0;
    boolean leading = true;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      int digit = c < 128 ? INDEX[c] : -1;
      if (digit < 0) {
        throw new InvalidInputException("invalid_address", "'" + c + "' is not a Base58 character");
      }
      if (leading && digit == 0) {
        leadingZeros++;
      } else {
        leading = false;
      }
      n = n.multiply(BASE).add(BigInteger.valueOf(digit));
    }
    byte[] magnitude = n.signum() == 0 ? new byte[0] : n.toByteArray();
    int skip = magnitude.length > 0 && magnitude[0] == 0 ? 1 : 0;
    byte[] out = new byte[leadingZeros + magnitude.length - skip];
    System.arraycopy(magnitude, skip, out, leadingZeros, magnitude.length - skip);
    return out;
  }
}
