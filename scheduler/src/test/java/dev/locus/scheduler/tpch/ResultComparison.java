package dev.locus.scheduler.tpch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.locus.core.execution.QueryResult;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Compares Locus's rows with the oracle's. Exact numbers must be equal (as values, whatever their
 * scale); where one side has a DOUBLE (DuckDB's AVG and decimal division), the values must agree
 * within 1e-9 relative, or within half a unit of the last place of Locus's decimal (which rounds
 * AVG and division to its result scale, 6 digits for TPC-H).
 *
 * <p>Rows are compared in order, except within a group of rows whose ORDER BY keys are equal, where
 * any order is right; with no keys the whole result is one such group (a multiset comparison).
 */
final class ResultComparison {
  private static final double RELATIVE_TOLERANCE = 1e-9;

  private ResultComparison() {}

  /** Asserts Locus's result equals DuckDB's, ordered by the output columns {@code orderKeys}. */
  static void assertSameRows(
      String subject, DuckDb.Result expected, QueryResult actual, List<Integer> orderKeys) {
    assertThat(actual.schema().names())
        .as("%s: column names", subject)
        .usingElementComparator(String.CASE_INSENSITIVE_ORDER)
        .containsExactlyElementsOf(expected.names());
    List<List<Object>> want = expected.rows();
    List<List<Object>> got = actual.rows();
    if (want.size() != got.size()) {
      fail(
          "%s: expected %d rows but Locus returned %d%nexpected: %s%nLocus:    %s",
          subject, want.size(), got.size(), head(want), head(got));
    }
    int start = 0;
    while (start < want.size()) {
      int end = start + 1;
      while (end < want.size() && sameKeys(want.get(start), want.get(end), orderKeys)) {
        end++;
      }
      if (orderKeys.isEmpty()) {
        end = want.size();
      }
      assertSameMultiset(
          subject, want.subList(start, end), got.subList(start, end), start, want, got);
      start = end;
    }
  }

  private static void assertSameMultiset(
      String subject,
      List<List<Object>> want,
      List<List<Object>> got,
      int offset,
      List<List<Object>> allWanted,
      List<List<Object>> allGot) {
    List<List<Object>> remaining = new ArrayList<>(got);
    for (int i = 0; i < want.size(); i++) {
      List<Object> row = want.get(i);
      int match = -1;
      for (int j = 0; j < remaining.size() && match < 0; j++) {
        if (rowEquals(row, remaining.get(j))) {
          match = j;
        }
      }
      if (match < 0) {
        fail(
            "%s: row %d expected %s; Locus had %s at rows %d..%d%nexpected: %s%nLocus:    %s",
            subject,
            offset + i,
            row,
            remaining,
            offset,
            offset + want.size() - 1,
            head(allWanted),
            head(allGot));
      }
      remaining.remove(match);
    }
  }

  private static String head(List<List<Object>> rows) {
    return rows.size() <= 25 ? rows.toString() : rows.subList(0, 25) + " ...";
  }

  private static boolean sameKeys(List<Object> a, List<Object> b, List<Integer> keys) {
    for (int key : keys) {
      if (!cellEquals(a.get(key), b.get(key))) {
        return false;
      }
    }
    return true;
  }

  static boolean rowEquals(List<Object> expected, List<Object> actual) {
    if (expected.size() != actual.size()) {
      return false;
    }
    for (int i = 0; i < expected.size(); i++) {
      if (!cellEquals(expected.get(i), actual.get(i))) {
        return false;
      }
    }
    return true;
  }

  /** Whether an oracle value and a Locus value are the same SQL value (see the class comment). */
  static boolean cellEquals(Object expected, Object actual) {
    if (expected == null || actual == null) {
      return expected == null && actual == null;
    }
    if (isNumber(expected) && isNumber(actual)) {
      if (expected instanceof Double || actual instanceof Double) {
        double want = ((Number) expected).doubleValue();
        double got = ((Number) actual).doubleValue();
        double tolerance = RELATIVE_TOLERANCE * Math.max(Math.abs(want), Math.abs(got));
        if (actual instanceof BigDecimal decimal) {
          tolerance = Math.max(tolerance, 0.5 * Math.pow(10, -decimal.scale()));
        }
        if (expected instanceof BigDecimal decimal) {
          tolerance = Math.max(tolerance, 0.5 * Math.pow(10, -decimal.scale()));
        }
        return Math.abs(want - got) <= tolerance;
      }
      return exact(expected).compareTo(exact(actual)) == 0;
    }
    return expected.equals(actual);
  }

  private static boolean isNumber(Object value) {
    return value instanceof Number;
  }

  private static BigDecimal exact(Object number) {
    if (number instanceof BigDecimal decimal) {
      return decimal;
    }
    if (number instanceof BigInteger integer) {
      return new BigDecimal(integer);
    }
    return BigDecimal.valueOf(((Number) number).longValue());
  }
}
