package dev.locus.client;

import java.util.Locale;

/** The text forms the coordinator serves a job's result in. */
public enum TextFormat {
  /** RFC 4180 with a header line. */
  CSV,
  /** JSON Lines, one object per row. */
  JSON;

  /** The {@code format} query parameter's value. */
  public String parameter() {
    return name().toLowerCase(Locale.ROOT);
  }
}
