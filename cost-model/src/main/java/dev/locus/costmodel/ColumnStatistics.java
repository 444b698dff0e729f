package dev.locus.costmodel;

/**
 * What is known of a column's values.
 *
 * @param distinct estimated number of distinct non-NULL values (at least 1)
 * @param min smallest value as a number (days for dates), or NaN when unknown or not numeric
 * @param max largest value as a number, or NaN
 * @param nullFraction share of NULLs, 0 to 1
 */
public record ColumnStatistics(double distinct, double min, double max, double nullFraction) {
  public ColumnStatistics {
    distinct = Math.max(1, distinct);
    nullFraction = Math.min(1, Math.max(0, nullFraction));
  }

  /** Nothing known: every row distinct, no range, no NULLs. */
  public static ColumnStatistics unknown(double rows) {
    return new ColumnStatistics(rows, Double.NaN, Double.NaN, 0);
  }

  public boolean hasRange() {
    return !Double.isNaN(min) && !Double.isNaN(max) && max >= min;
  }

  /** These statistics over {@code rows} rows (a filtered subset): no more distinct values. */
  public ColumnStatistics limitedTo(double rows) {
    return new ColumnStatistics(Math.min(distinct, Math.max(1, rows)), min, max, nullFraction);
  }
}
