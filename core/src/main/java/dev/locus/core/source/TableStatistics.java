package dev.locus.core.source;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * What a source knows of its rows from its own bookkeeping (see {@link StatisticsSource}): a row
 * count and, per column, whatever of distinct count, NULL share and range it keeps. Unknown numbers
 * are NaN. Ranges lie on a number line ({@link #numeric}): numbers as they are, dates as days and
 * timestamps as seconds since 1970-01-01 (UTC).
 *
 * @param rows the number of rows
 * @param columns one entry per column of the source's schema, in schema order
 */
public record TableStatistics(double rows, List<ColumnSummary> columns) {
  public TableStatistics {
    if (!(rows >= 0)) {
      throw new IllegalArgumentException("rows must be a number >= 0; found " + rows);
    }
    columns = List.copyOf(requireNonNull(columns, "columns is null"));
  }

  /** Whether every column's distinct count is known. */
  public boolean complete() {
    return columns.stream().allMatch(ColumnSummary::knowsDistinct);
  }

  /**
   * One column's statistics; NaN where unknown.
   *
   * @param distinct the number of distinct non-NULL values
   * @param nullFraction the share of rows that are NULL, 0 to 1
   * @param min the smallest value on the number line
   * @param max the largest value on the number line
   */
  public record ColumnSummary(double distinct, double nullFraction, double min, double max) {
    /** A column of which nothing is known. */
    public static final ColumnSummary UNKNOWN =
        new ColumnSummary(Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    public ColumnSummary {
      if (distinct < 0) {
        throw new IllegalArgumentException("distinct must be >= 0 or NaN; found " + distinct);
      }
      if (nullFraction < 0 || nullFraction > 1) {
        throw new IllegalArgumentException(
            "nullFraction must be in [0, 1] or NaN; found " + nullFraction);
      }
      if (min > max) {
        throw new IllegalArgumentException(
            "min must not be above max; found min " + min + ", max " + max);
      }
    }

    public boolean knowsDistinct() {
      return !Double.isNaN(distinct);
    }
  }

  /**
   * A value on the number line ranges use: numbers as they are, dates as days and timestamps as
   * seconds since 1970-01-01 (UTC); NaN for other values (strings, booleans) and NULL.
   */
  public static double numeric(Object value) {
    if (value instanceof Number number) {
      return number.doubleValue();
    }
    if (value instanceof LocalDate date) {
      return date.toEpochDay();
    }
    if (value instanceof LocalDateTime timestamp) {
      return timestamp.toEpochSecond(ZoneOffset.UTC);
    }
    return Double.NaN;
  }
}
