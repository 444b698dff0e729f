package dev.locus.sql.tpch;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Compares the results of one query from two engines, value by value, allowing for the ways in
 * which correct engines differ in number types:
 *
 * <ul>
 *   <li>strings, dates, timestamps and booleans must be equal; integers of any width equal as
 *       numbers;
 *   <li>two exact numbers (integers or decimals) must be equal once the one of larger scale is
 *       brought to the smaller scale (by rounding half up or by truncation: engines do either), so
 *       {@code 25.522005} equals {@code 25.5220050000} and {@code 25.52200} but not {@code 25.53};
 *   <li>when a floating-point number is involved (DuckDB's {@code AVG} and decimal division give
 *       DOUBLE where Locus gives DECIMAL) they may differ by {@code 1e-6 * max(1, |a|, |b|)};
 *   <li>NULL equals only NULL.
 * </ul>
 *
 * <p>Rows are compared in order when the query has an {@code ORDER BY}, otherwise as multisets.
 */
public final class ResultComparison {
  /** Relative tolerance when a floating-point value is involved. */
  public static final double RELATIVE_TOLERANCE = 1e-6;

  private static final Pattern ORDER_BY = Pattern.compile("(?i)\\border\\s+by\\b");
  private static final Pattern LINE_COMMENT = Pattern.compile("--[^\n]*");

  /** Above this many rows, an unordered mismatch after sorting is not retried by pairing. */
  private static final int MAX_ROWS_TO_PAIR = 10_000;

  private ResultComparison() {}

  /**
   * Whether rows of {@code query} come in a defined order: it has an ORDER BY (outside comments).
   */
  public static boolean isOrdered(String query) {
    requireNonNull(query, "query is null");
    return ORDER_BY.matcher(LINE_COMMENT.matcher(query).replaceAll("")).find();
  }

  /**
   * How the results of {@code query} differ, or empty when they agree; {@code expected} is the
   * reference engine's. The message shows the query, the first differing row's index and both rows.
   */
  public static Optional<String> difference(String query, ResultRows expected, ResultRows actual) {
    return difference(query, expected, actual, isOrdered(query));
  }

  /** As {@link #difference(String, ResultRows, ResultRows)}, with the row order given. */
  public static Optional<String> difference(
      String query, ResultRows expected, ResultRows actual, boolean ordered) {
    requireNonNull(query, "query is null");
    requireNonNull(expected, "expected is null");
    requireNonNull(actual, "actual is null");
    if (expected.size() != actual.size()) {
      return Optional.of(
          message(
              query,
              "expected "
                  + expected.size()
                  + " rows but found "
                  + actual.size()
                  + firstRows(expected, actual),
              expected,
              actual));
    }
    List<List<Object>> expectedRows = expected.rows();
    List<List<Object>> actualRows = actual.rows();
    if (!ordered) {
      expectedRows = sorted(expectedRows);
      actualRows = sorted(actualRows);
    }
    int differing = firstDifference(expectedRows, actualRows);
    if (differing < 0) {
      return Optional.empty();
    }
    if (!ordered && expectedRows.size() <= MAX_ROWS_TO_PAIR && pairs(expectedRows, actualRows)) {
      // Sorting by approximate numbers can order near-equal rows differently; each row has a match.
      return Optional.empty();
    }
    return Optional.of(
        message(
            query,
            (ordered ? "" : "after sorting both results, ")
                + "row "
                + differing
                + " differs:\n  expected: "
                + expectedRows.get(differing)
                + "\n  actual:   "
                + actualRows.get(differing),
            expected,
            actual));
  }

  /** Whether two values are equal under the rules above. */
  public static boolean valuesEqual(Object expected, Object actual) {
    if (expected == null || actual == null) {
      return expected == null && actual == null;
    }
    if (expected instanceof Number && actual instanceof Number) {
      return numbersEqual((Number) expected, (Number) actual);
    }
    return normalize(expected).equals(normalize(actual));
  }

  private static boolean numbersEqual(Number expected, Number actual) {
    BigDecimal left = exact(expected);
    BigDecimal right = exact(actual);
    if (left != null && right != null) {
      if (left.compareTo(right) == 0) {
        return true;
      }
      int scale = Math.min(left.scale(), right.scale());
      BigDecimal finer = left.scale() > right.scale() ? left : right;
      BigDecimal coarser = finer == left ? right : left;
      return finer.setScale(scale, RoundingMode.HALF_UP).compareTo(coarser) == 0
          || finer.setScale(scale, RoundingMode.DOWN).compareTo(coarser) == 0;
    }
    double a = expected.doubleValue();
    double b = actual.doubleValue();
    if (Double.isNaN(a) || Double.isNaN(b) || Double.isInfinite(a) || Double.isInfinite(b)) {
      return Double.compare(a, b) == 0;
    }
    double bound = RELATIVE_TOLERANCE * Math.max(1, Math.max(Math.abs(a), Math.abs(b)));
    return Math.abs(a - b) <= bound;
  }

  /** An exact number as a BigDecimal, or null for a floating-point one. */
  private static BigDecimal exact(Number number) {
    if (number instanceof BigDecimal decimal) {
      return decimal;
    }
    if (number instanceof Long
        || number instanceof Integer
        || number instanceof Short
        || number instanceof Byte) {
      return BigDecimal.valueOf(number.longValue());
    }
    if (number instanceof BigInteger integer) {
      return new BigDecimal(integer);
    }
    return null;
  }

  /** JDBC's date and time classes as java.time values; other values as they are. */
  private static Object normalize(Object value) {
    if (value instanceof java.sql.Date date) {
      return date.toLocalDate();
    }
    if (value instanceof java.sql.Timestamp timestamp) {
      return timestamp.toLocalDateTime();
    }
    return value;
  }

  private static int firstDifference(List<List<Object>> expected, List<List<Object>> actual) {
    for (int i = 0; i < expected.size(); i++) {
      if (!rowsEqual(expected.get(i), actual.get(i))) {
        return i;
      }
    }
    return -1;
  }

  private static boolean rowsEqual(List<Object> expected, List<Object> actual) {
    if (expected.size() != actual.size()) {
      return false;
    }
    for (int i = 0; i < expected.size(); i++) {
      if (!valuesEqual(expected.get(i), actual.get(i))) {
        return false;
      }
    }
    return true;
  }

  /** Whether every expected row can be paired with its own equal actual row. */
  private static boolean pairs(List<List<Object>> expected, List<List<Object>> actual) {
    boolean[] used = new boolean[actual.size()];
    for (List<Object> row : expected) {
      boolean found = false;
      for (int i = 0; i < actual.size() && !found; i++) {
        if (!used[i] && rowsEqual(row, actual.get(i))) {
          used[i] = true;
          found = true;
        }
      }
      if (!found) {
        return false;
      }
    }
    return true;
  }

  private static List<List<Object>> sorted(List<List<Object>> rows) {
    List<List<Object>> copy = new ArrayList<>(rows);
    copy.sort(ROW_ORDER);
    return copy;
  }

  /** Rows by their values column after column; numbers by value, whatever their class. */
  private static final Comparator<List<Object>> ROW_ORDER =
      (left, right) -> {
        int columns = Math.min(left.size(), right.size());
        for (int i = 0; i < columns; i++) {
          int order = compareValues(left.get(i), right.get(i));
          if (order != 0) {
            return order;
          }
        }
        return Integer.compare(left.size(), right.size());
      };

  private static int compareValues(Object left, Object right) {
    if (left == null || right == null) {
      return left == null ? (right == null ? 0 : -1) : 1;
    }
    Object a = normalize(left);
    Object b = normalize(right);
    if (a instanceof Number x && b instanceof Number y) {
      BigDecimal exactX = exact(x);
      BigDecimal exactY = exact(y);
      if (exactX != null && exactY != null) {
        return exactX.compareTo(exactY);
      }
      return Double.compare(x.doubleValue(), y.doubleValue());
    }
    if (a instanceof String x && b instanceof String y) {
      return x.compareTo(y);
    }
    if (a instanceof LocalDate x && b instanceof LocalDate y) {
      return x.compareTo(y);
    }
    if (a instanceof LocalDateTime x && b instanceof LocalDateTime y) {
      return x.compareTo(y);
    }
    if (a instanceof Boolean x && b instanceof Boolean y) {
      return x.compareTo(y);
    }
    // Values of different kinds: a stable order by kind, then by text.
    int byClass = a.getClass().getName().compareTo(b.getClass().getName());
    return byClass != 0 ? byClass : a.toString().compareTo(b.toString());
  }

  private static String firstRows(ResultRows expected, ResultRows actual) {
    return "\n  expected first rows: "
        + expected.rows().subList(0, Math.min(3, expected.size()))
        + "\n  actual first rows:   "
        + actual.rows().subList(0, Math.min(3, actual.size()));
  }

  private static String message(
      String query, String difference, ResultRows expected, ResultRows actual) {
    return "Results differ: "
        + difference
        + "\n  expected columns: "
        + expected.columns()
        + "\n  actual columns:   "
        + actual.columns()
        + "\nquery:\n"
        + query.strip();
  }
}
