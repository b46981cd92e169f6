package org.jledger.encoding;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import org.jledger.InvalidInputException;

/**
 * The wire form of instants in blocks and consensus messages: UTC, millisecond precision, e.g.
 * {@code 2026-01-01T00:00:00.000Z}. Hashed and signed, so exactly one spelling is accepted.
 */
public final class Timestamps {

  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private Timestamps() {}

  public static String format(Instant instant) {
    return FORMAT.format(instant.truncatedTo(ChronoUnit.MILLIS));
  }

  /** Parses the one accepted spelling; anything else is refused naming {@code where}. */
  public static Instant parse(String text, String where) {
    try {
      Instant instant = FORMAT.parse(text, Instant::from);
      if (!format(instant).equals(text)) {
        throw new DateTimeParseException("not canonical", text, 0);
      }
      return instant;
    } catch (DateTimeParseException e) {
      throw new InvalidInputException(
          "invalid_timestamp", where + " must look like 2026-01-01T00:00:00.000Z, got " + text);
    }
  }
}
