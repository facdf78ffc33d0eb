package org.esxforge.depot.xml;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.esxforge.io.FormatException;

/**
 * Timestamp texts of depot documents. Written as {@code yyyy-MM-dd'T'HH:mm:ss.SSSSSS+00:00}
 * (Python's {@code isoformat()} of an aware UTC datetime: profiles, release dates). Read
 * tolerantly: any ISO-8601 offset form, or a local form taken as UTC. Stateless, thread-safe.
 */
public final class Timestamps {
  /** The profile/release-date form, e.g. {@code 2020-03-16T10:48:52.739068+00:00}. */
  public static final DateTimeFormatter PROFILE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'+00:00'").withZone(ZoneOffset.UTC);

  private Timestamps() {}

  public static String format(Instant t) {
    return PROFILE.format(t);
  }

  public static Instant parse(String text, String source) throws FormatException {
    String t = text.trim();
    try {
      return OffsetDateTime.parse(t, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return LocalDateTime.parse(t, DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException e2) {
        throw new FormatException(source, "invalid timestamp '" + t + "'");
      }
    }
  }
}
