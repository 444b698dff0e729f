package dev.locus.operators.oracle;

import dev.locus.core.batch.Batches;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.VectorSchemaRoot;

/** Rows as comparable Java values, whichever engine produced them. */
public final class Rows {
  private Rows() {}

  /**
   * A canonical form of a value: every number as a {@link BigDecimal} without trailing zeros
   * (doubles exactly: tests choose data whose double results do not depend on summation order),
   * dates and timestamps as {@code java.time} values.
   */
  public static Object normalize(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof Double || value instanceof Float) {
      double number = ((Number) value).doubleValue();
      if (Double.isNaN(number) || Double.isInfinite(number)) {
        return number;
      }
      return number == 0.0 ? BigDecimal.ZERO : new BigDecimal(number).stripTrailingZeros();
    }
    if (value instanceof BigDecimal decimal) {
      return decimal.signum() == 0 ? BigDecimal.ZERO : decimal.stripTrailingZeros();
    }
    if (value instanceof Number number) {
      return BigDecimal.valueOf(number.longValue()).stripTrailingZeros();
    }
    if (value instanceof java.sql.Date date) {
      return date.toLocalDate();
    }
    if (value instanceof java.sql.Timestamp timestamp) {
      return timestamp.toLocalDateTime();
    }
    if (value instanceof LocalDate || value instanceof LocalDateTime) {
      return value;
    }
    return value;
  }

  public static List<Object> normalizeRow(List<?> row) {
    List<Object> normalized = new ArrayList<>(row.size());
    for (Object value : row) {
      normalized.add(normalize(value));
    }
    return normalized;
  }

  /** The normalized rows of a batch. */
  public static List<List<Object>> of(VectorSchemaRoot batch) {
    List<List<Object>> rows = new ArrayList<>();
    for (List<Object> row : Batches.toRows(batch)) {
      rows.add(normalizeRow(row));
    }
    return rows;
  }

  /** Rows as a multiset: how often each row occurs. */
  public static Map<List<Object>, Integer> multiset(List<? extends List<?>> rows) {
    Map<List<Object>, Integer> counts = new HashMap<>();
    for (List<?> row : rows) {
      counts.merge(normalizeRow(row), 1, Integer::sum);
    }
    return counts;
  }

  /**
   * Asserts that two row lists hold the same rows as multisets; on failure the message lists only
   * the first differing rows.
   */
  public static void assertSameRows(
      List<? extends List<?>> actual, List<? extends List<?>> expected) {
    Map<List<Object>, Integer> actualCounts = multiset(actual);
    Map<List<Object>, Integer> expectedCounts = multiset(expected);
    if (actualCounts.equals(expectedCounts)) {
      return;
    }
    List<String> missing = new ArrayList<>();
    List<String> extra = new ArrayList<>();
    for (Map.Entry<List<Object>, Integer> entry : expectedCounts.entrySet()) {
      int found = actualCounts.getOrDefault(entry.getKey(), 0);
      if (found < entry.getValue() && missing.size() < 5) {
        missing.add(entry.getValue() - found + "x " + entry.getKey());
      }
    }
    for (Map.Entry<List<Object>, Integer> entry : actualCounts.entrySet()) {
      int wanted = expectedCounts.getOrDefault(entry.getKey(), 0);
      if (entry.getValue() > wanted && extra.size() < 5) {
        extra.add(entry.getValue() - wanted + "x " + entry.getKey());
      }
    }
    throw new AssertionError(
        "Rows differ: "
            + actual.size()
            + " actual, "
            + expected.size()
            + " expected\nmissing: "
            + String.join("\n         ", missing)
            + "\nextra:   "
            + String.join("\n         ", extra));
  }
}
