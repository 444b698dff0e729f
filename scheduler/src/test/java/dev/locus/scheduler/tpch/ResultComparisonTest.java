package dev.locus.scheduler.tpch;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.locus.core.execution.ExecutionStats;
import dev.locus.core.execution.QueryResult;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Field;
import dev.locus.core.type.Schema;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The oracle comparison must itself be right: it accepts equal answers and rejects others. */
class ResultComparisonTest {
  private static final Schema SCHEMA =
      Schema.of(
          Field.nullable("k", DataType.VARCHAR), Field.nullable("x", DataType.decimal(38, 6)));

  private static QueryResult locus(List<List<Object>> rows) {
    return new QueryResult(SCHEMA, rows, new ExecutionStats(List.of(), 0));
  }

  private static DuckDb.Result duckDb(List<List<Object>> rows) {
    return new DuckDb.Result(List.of("k", "X"), rows);
  }

  @Test
  void acceptsDecimalsWithinHalfAUnitOfTheirScaleOfADouble() {
    assertThatCode(
            () ->
                ResultComparison.assertSameRows(
                    "q",
                    duckDb(List.of(List.of("a", 15.4865464999))),
                    locus(List.of(List.of("a", new BigDecimal("15.486546")))),
                    List.of(0)))
        .doesNotThrowAnyException();
    assertThatThrownBy(
            () ->
                ResultComparison.assertSameRows(
                    "q",
                    duckDb(List.of(List.of("a", 15.486548))),
                    locus(List.of(List.of("a", new BigDecimal("15.486546")))),
                    List.of(0)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("q: row 0 expected [a, 15.486548]");
  }

  @Test
  void comparesExactNumbersByValue() {
    assertThatCode(
            () ->
                ResultComparison.assertSameRows(
                    "q",
                    duckDb(List.of(List.of("a", BigInteger.valueOf(3)))),
                    locus(List.of(List.of("a", new BigDecimal("3.000000")))),
                    List.of()))
        .doesNotThrowAnyException();
    assertThatThrownBy(
            () ->
                ResultComparison.assertSameRows(
                    "q",
                    duckDb(List.of(List.of("a", new BigDecimal("3.01")))),
                    locus(List.of(List.of("a", new BigDecimal("3.000000")))),
                    List.of()))
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void allowsAnyOrderOnlyWithinTiesOfTheOrderKeys() {
    List<List<Object>> ordered =
        List.of(
            List.of("a", BigDecimal.ONE),
            List.of("a", BigDecimal.TEN),
            List.of("b", BigDecimal.ONE));
    List<List<Object>> tiesSwapped =
        List.of(
            List.of("a", BigDecimal.TEN),
            List.of("a", BigDecimal.ONE),
            List.of("b", BigDecimal.ONE));
    List<List<Object>> groupsSwapped =
        List.of(
            List.of("b", BigDecimal.ONE),
            List.of("a", BigDecimal.ONE),
            List.of("a", BigDecimal.TEN));
    assertThatCode(
            () ->
                ResultComparison.assertSameRows(
                    "q", duckDb(ordered), locus(tiesSwapped), List.of(0)))
        .doesNotThrowAnyException();
    assertThatThrownBy(
            () ->
                ResultComparison.assertSameRows(
                    "q", duckDb(ordered), locus(groupsSwapped), List.of(0)))
        .isInstanceOf(AssertionError.class);
    assertThatThrownBy(
            () ->
                ResultComparison.assertSameRows(
                    "q", duckDb(ordered), locus(tiesSwapped), List.of(0, 1)))
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void rejectsMissingRowsAndNullsForValues() {
    assertThatThrownBy(
            () ->
                ResultComparison.assertSameRows(
                    "q",
                    duckDb(List.of(List.of("a", BigDecimal.ONE))),
                    locus(List.of()),
                    List.of()))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith("q: expected 1 rows but Locus returned 0");
    assertThatThrownBy(
            () ->
                ResultComparison.assertSameRows(
                    "q",
                    duckDb(List.of(Arrays.asList("a", null))),
                    locus(List.of(List.of("a", BigDecimal.ZERO))),
                    List.of()))
        .isInstanceOf(AssertionError.class);
  }
}
