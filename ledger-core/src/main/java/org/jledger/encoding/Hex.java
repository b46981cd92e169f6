package org.jledger.encoding;

import java.util.HexFormat;
import org.jledger.InvalidInputException;

/** Lowercase hexadecimal, the only textual form of hashes, keys and signatures. */
public final class Hex {

  private static final HexFormat LOWER = HexFormat.of();

  private Hex() {}

  public static String encode(byte[] bytes) {
    return LOWER.formatHex(bytes);
  }

  /**
   * Decodes lowercase or uppercase hex of exactly {@code expectedBytes} bytes.
   *
   * @param what names the value in the error message, e.g. {@code "signature"}
   * @throws InvalidInputException with code {@code invalid_hex} if the text is not such hex
   */
  public static byte[] decode(String hex, int expectedBytes, String what) {
    if (hex == null) {
      throw new InvalidInputException("invalid_hex", what + " is missing");
    }
    if (hex.length() != expectedBytes * 2) {
      throw new InvalidInputException(
          "invalid_hex",
          what
              + " must be "
              + expectedBytes * 2
              + " hex characters ("
              + expectedBytes
              + " bytes), got "
              + hex.length());
    }
    return decode(hex, what);
  }

  /** Decodes hex of any even length. */
  public static byte[] decode(String hex, String what) {
    try {
      return LOWER.parseHex(hex);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("invalid_hex", what + " is not valid hex");
    }
  }
}
