package dev.locus.sql.tpch;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultComparisonTest {
  private static final String ORDERED = "-- header\nselect a from t order by a";
  private static final String UNORDERED = "-- not ordered by anything\nselect a from t";

  @Test
  void findsOrderByOutsideComments() {
    assertThat(ResultComparison.isOrdered(ORDERED)).isTrue();
    assertThat(ResultComparison.isOrdered("select a from t ORDER\n  BY a")).isTrue();
    assertThat(ResultComparison.isOrdered(UNORDERED)).isFalse();
  }

  @Test
  void comparesExactNumbersToTheSmallerScale() {
    assertThat(
            ResultComparison.valuesEqual(
                new BigDecimal("25.522005"), new BigDecimal("25.5220050000")))
        .isTrue();
    assertThat(ResultComparison.valuesEqual(new BigDecimal("25.52"), new BigDecimal("25.522005")))
        .isTrue();
    // Truncation as well as rounding to the smaller scale.
    assertThat(ResultComparison.valuesEqual(new BigDecimal("25.52"), new BigDecimal("25.5299")))
        .isTrue();
    assertThat(ResultComparison.valuesEqual(new BigDecimal("25.53"), new BigDecimal("25.5251")))
        .isTrue();
    assertThat(ResultComparison.valuesEqual(new BigDecimal("25.53"), new BigDecimal("25.5149")))
        .isFalse();
    assertThat(ResultComparison.valuesEqual(new BigDecimal("100.00"), new BigDecimal("100.01")))
        .isFalse();
  }

  @Test
  void comparesIntegersOfAnyWidthByValue() {
    assertThat(ResultComparison.valuesEqual(1995, 1995L)).isTrue();
    assertThat(ResultComparison.valuesEqual(BigInteger.valueOf(64), new BigDecimal("64.00")))
        .isTrue();
    assertThat(ResultComparison.valuesEqual(64L, 65)).isFalse();
  }

  @Test
  void comparesDoublesWithARelativeTolerance() {
    assertThat(ResultComparison.valuesEqual(25.575154611454693, new BigDecimal("25.575155")))
        .isTrue();
    assertThat(ResultComparison.valuesEqual(0.0, new BigDecimal("0.0000001"))).isTrue();
    assertThat(ResultComparison.valuesEqual(0.0, new BigDecimal("0.00001"))).isFalse();
    assertThat(ResultComparison.valuesEqual(5.0e9, 5.0e9 + 4000)).isTrue();
    assertThat(ResultComparison.valuesEqual(5.0e9, 5.0e9 + 6000)).isFalse();
  }

  @Test
  void comparesOtherValuesExactly() {
    assertThat(ResultComparison.valuesEqual("BRAZIL", "BRAZIL")).isTrue();
    assertThat(ResultComparison.valuesEqual("BRAZIL", "BRAZIL ")).isFalse();
    assertThat(
            ResultComparison.valuesEqual(
                LocalDate.of(1995, 3, 15), java.sql.Date.valueOf("1995-03-15")))
        .isTrue();
    assertThat(ResultComparison.valuesEqual(true, false)).isFalse();
    assertThat(ResultComparison.valuesEqual(null, null)).isTrue();
    assertThat(ResultComparison.valuesEqual(null, 0L)).isFalse();
    assertThat(ResultComparison.valuesEqual("1", 1L)).isFalse();
  }

  @Test
  void acceptsEqualResults() {
    ResultRows expected = rows(row("a", 1L, 2.5), row("b", 2L, null));
    ResultRows actual = rows(row("a", 1, new BigDecimal("2.500000")), row("b", 2, null));
    assertThat(ResultComparison.difference(ORDERED, expected, actual)).isEmpty();
  }

  @Test
  void comparesUnorderedResultsAsMultisets() {
    ResultRows expected = rows(row("a", 1L), row("b", 2L), row("a", 1L));
    assertThat(
            ResultComparison.difference(
                UNORDERED, expected, rows(row("a", 1L), row("a", 1L), row("b", 2L))))
        .isEmpty();
    assertThat(
            ResultComparison.difference(
                UNORDERED, expected, rows(row("a", 1L), row("b", 2L), row("b", 2L))))
        .isPresent();
  }

  @Test
  void pairsUnorderedRowsThatOnlyNearlyEqualNumbersSortApart() {
    ResultRows expected = rows(row(1.0000001, "x"), row(1.0000002, "y"));
    ResultRows actual =
        rows(row(new BigDecimal("1.0000002"), "x"), row(new BigDecimal("1.0000001"), "y"));
    assertThat(ResultComparison.difference(UNORDERED, expected, actual)).isEmpty();
  }

  @Test
  void reportsTheFirstDifferingRowOfAnOrderedResult() {
    ResultRows expected = rows(row("a", 1L), row("b", 2L));
    ResultRows actual = rows(row("b", 2L), row("a", 1L));
    assertThat(ResultComparison.difference(ORDERED, expected, actual))
        .contains(
            "Results differ: row 0 differs:\n"
                + "  expected: [a, 1]\n"
                + "  actual:   [b, 2]\n"
                + "  expected columns: [name, count]\n"
                + "  actual columns:   [name, count]\n"
                + "query:\n"
                + "-- header\n"
                + "select a from t order by a");
  }

  @Test
  void reportsADifferentRowCount() {
    ResultRows expected = rows(row("a", 1L), row("b", 2L));
    ResultRows actual = rows(row("a", 1L));
    assertThat(ResultComparison.difference(ORDERED, expected, actual))
        .hasValueSatisfying(
            message ->
                assertThat(message)
                    .startsWith(
                        "Results differ: expected 2 rows but found 1\n"
                            + "  expected first rows: [[a, 1], [b, 2]]\n"
                            + "  actual first rows:   [[a, 1]]"));
  }

  private static List<Object> row(Object... values) {
    return Arrays.asList(values);
  }

  @SafeVarargs
  private static ResultRows rows(List<Object>... rows) {
    return new ResultRows(List.of("name", "count"), Arrays.asList(rows));
  }
}
