package org.jledger.crypto;

import java.util.Arrays;
import org.jledger.InvalidInputException;

/** Bitcoin's Base58 alphabet, plain (no checksum); {@link Address} adds the checksum. */
final class Base58 {

  private static final String ALPHABET =
      "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
  private static final int[] INDEX = new int[128];

  static {
    Arrays.fill(INDEX, -1);
    for (int i = 0; i < ALPHABET.length(); i++) {
      INDEX[ALPHABET.charAt(i)] = i;
    }
  }

  private Base58() {}

  /** Base58 of {@code input}: one '1' per leading zero byte, then the big-endian number. */
  static String encode(byte[] input) {
    int zeros = 0;
    while (zeros < input.length && input[zeros] == 0) {
      zeros++;
    }
    // base-58 digits, least significant first; log(256)/log(58) < 1.37
    byte[] digits = new byte[input.length * 137 / 100 + 1];
    int length = 0;
    for (int i = zeros; i < input.length; i++) {
      int carry = input[i] & 0xff;
      for (int j = 0; j < length; j++) {
        carry += (digits[j] & 0xff) << 8;
        digits[j] = (byte) (carry % 58);
        carry /= 58;
      }
      while (carry > 0) {
        digits[length++] = (byte) (carry % 58);
        carry /= 58;
      }
    }
    char[] out = new char[zeros + length];
    java.util.Arrays.fill(out, 0, zeros, '1');
    for (int j = 0; j < length; j++) {
      out[zeros + j] = ALPHABET.charAt(digits[length - 1 - j]);
    }
    return new String(out);
  }

  /** The bytes of Base58 {@code text}: one zero byte per leading '1', then the number. */
  static byte[] decode(String text) {
    int zeros = 0;
    while (zeros < text.length() && text.charAt(zeros) == '1') {
      zeros++;
    }
    // bytes, least significant first; log(58)/log(256) < 0.74
    byte[] bytes = new byte[text.length() * 74 / 100 + 1];
    int length = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      int digit = c < 128 ? INDEX[c] : -1;
      if (digit < 0) {
        throw new InvalidInputException("invalid_address", "'" + c + "' is not a Base58 character");
      }
      int carry = digit;
      for (int j = 0; j < length; j++) {
        carry += (bytes[j] & 0xff) * 58;
        bytes[j] = (byte) carry;
        carry >>>= 8;
      }
      while (carry > 0) {
        bytes[length++] = (byte) carry;
        carry >>>= 8;
      }
    }
    byte[] out = new byte[zeros + length];
    for (int j = 0; j < length; j++) {
      out[zeros + j] = bytes[length - 1 - j];
    }
    return out;
  }
}
