package dev.locus.costmodel;

import java.util.List;
import java.util.Locale;

/** Estimated rows of a plan node, its columns' statistics, and how sure the estimate is. */
public record Estimate(double rows, List<ColumnStatistics> columns, Confidence confidence) {
  public Estimate {
    rows = Math.max(0, rows);
    columns = List.copyOf(columns);
  }

  public long rowCount() {
    return Math.round(Math.ceil(rows));
  }

  public ColumnStatistics column(int index) {
    return columns.get(index);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%d rows (%s confidence)", rowCount(), confidence);
  }
}
