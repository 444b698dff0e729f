package dev.locus.costmodel;

import static java.util.Objects.requireNonNull;

/**
 * What is known of a column's values.
 *
 * @param distinct estimated number of distinct non-NULL values (at least 1)
 * @param min smallest value as a number (days for dates), or NaN when unknown or not numeric
 * @param max largest value as a number, or NaN
 * @param nullFraction share of NULLs, 0 to 1
 * @param confidence how far these numbers can be trusted, at most: an estimate that uses the column
 *     (a join on it, a filter) is no surer than this nor than the estimate holding it. HIGH adds no
 *     doubt of its own; LOW marks a guess (a column computed by an expression whose values are not
 *     derived from its inputs').
 */
public record ColumnStatistics(
    double distinct, double min, double max, double nullFraction, Confidence confidence) {
  public ColumnStatistics {
    distinct = Math.max(1, distinct);
    nullFraction = Math.min(1, Math.max(0, nullFraction));
    requireNonNull(confidence, "confidence is null");
  }

  /** Statistics with no doubt of their own (as sure as the estimate that holds them). */
  public ColumnStatistics(double distinct, double min, double max, double nullFraction) {
    this(distinct, min, max, nullFraction, Confidence.HIGH);
  }

  /** Nothing known: every row distinct, no range, no NULLs; a guess (LOW confidence). */
  public static ColumnStatistics unknown(double rows) {
    return new ColumnStatistics(rows, Double.NaN, Double.NaN, 0, Confidence.LOW);
  }

  public boolean hasRange() {
    return !Double.isNaN(min) && !Double.isNaN(max) && max >= min;
  }

  /** These statistics over {@code rows} rows (a filtered subset): no more distinct values. */
  public ColumnStatistics limitedTo(double rows) {
    return new ColumnStatistics(
        Math.min(distinct, Math.max(1, rows)), min, max, nullFraction, confidence);
  }

  /** The same statistics, trusted at most {@code cap}. */
  public ColumnStatistics trustedAtMost(Confidence cap) {
    return new ColumnStatistics(distinct, min, max, nullFraction, confidence.and(cap));
  }
}
