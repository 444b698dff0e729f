package dev.locus.jmh;

/** How generated keys are spread over their range (a benchmark parameter). */
public enum Skew {
  /** Every key equally likely. */
  UNIFORM,
  /**
   * Zipf-like with exponent 1: key {@code k} (0-based) has probability about proportional to {@code
   * 1 / (k + 1)}, so a few small keys hold most rows.
   */
  ZIPF
}
