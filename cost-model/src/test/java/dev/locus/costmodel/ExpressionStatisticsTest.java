package dev.locus.costmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.locus.core.expr.Constant;
import dev.locus.core.expr.FunctionCall;
import dev.locus.core.expr.InputRef;
import dev.locus.core.expr.RowExpression;
import dev.locus.core.expr.ScalarFunction;
import dev.locus.core.type.DataType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules that carry a column's statistics through the expression that computes a value. */
class ExpressionStatisticsTest {
  /** 1,000 rows; column 0 a DOUBLE with 500 values in [0.5, 99.5]; column 1 a DATE, 30 days. */
  private static final Estimate INPUT =
      new Estimate(
          1_000,
          List.of(
              new ColumnStatistics(500, 0.5, 99.5, 0.1, Confidence.HIGH),
              new ColumnStatistics(30, 19_000, 19_029, 0, Confidence.HIGH)),
          Confidence.HIGH);

  private static ColumnStatistics of(RowExpression expression) {
    return ExpressionStatistics.of(expression, INPUT);
  }

  private static FunctionCall cast(RowExpression value, DataType type) {
    return FunctionCall.of(ScalarFunction.CAST, type, value);
  }

  @Test
  void losslessCastsKeepEveryDistinctValue() {
    assertThat(ExpressionStatistics.lossless(DataType.INT, DataType.BIGINT)).isTrue();
    assertThat(ExpressionStatistics.lossless(DataType.BIGINT, DataType.VARCHAR)).isTrue();
    assertThat(ExpressionStatistics.lossless(DataType.INT, DataType.decimal(12, 2))).isTrue();
    assertThat(ExpressionStatistics.lossless(DataType.decimal(12, 2), DataType.decimal(14, 4)))
        .isTrue();
    assertThat(ExpressionStatistics.lossless(DataType.DATE, DataType.TIMESTAMP)).isTrue();
    assertThat(ExpressionStatistics.lossless(DataType.BIGINT, DataType.INT)).isFalse();
    assertThat(ExpressionStatistics.lossless(DataType.DOUBLE, DataType.BIGINT)).isFalse();
    assertThat(ExpressionStatistics.lossless(DataType.decimal(12, 2), DataType.decimal(12, 0)))
        .isFalse();
    assertThat(ExpressionStatistics.lossless(DataType.TIMESTAMP, DataType.DATE)).isFalse();
  }

  @Test
  void aDateCastToATimestampMovesItsRangeToSeconds() {
    ColumnStatistics timestamp = of(cast(new InputRef(1, DataType.DATE), DataType.TIMESTAMP));

    assertThat(timestamp.distinct()).isEqualTo(30);
    assertThat(timestamp.min()).isEqualTo(19_000 * 86_400.0);
    assertThat(timestamp.max()).isEqualTo(19_029 * 86_400.0);
    assertThat(timestamp.confidence()).isEqualTo(Confidence.HIGH);
  }

  @Test
  void aLossyCastHasNoMoreValuesThanItsRangeHolds() {
    ColumnStatistics whole = of(cast(new InputRef(0, DataType.DOUBLE), DataType.BIGINT));

    // 500 doubles in [0.5, 99.5] become at most the 99 integers 1..99.
    assertThat(whole.distinct()).isEqualTo(99);
    assertThat(whole.nullFraction()).isEqualTo(0.1);
    assertThat(whole.confidence()).isEqualTo(Confidence.MEDIUM);
  }

  @Test
  void addingAConstantShiftsTheRange() {
    ColumnStatistics later =
        of(
            FunctionCall.of(
                ScalarFunction.ADD_DAYS,
                DataType.DATE,
                new InputRef(1, DataType.DATE),
                new Constant(7, DataType.INT)));

    assertThat(later.distinct()).isEqualTo(30);
    assertThat(later.min()).isEqualTo(19_007);
    assertThat(later.max()).isEqualTo(19_036);
  }

  @Test
  void anOpaqueExpressionIsCappedByItsInputsAndTheRowsWithLowConfidence() {
    ColumnStatistics product =
        of(
            FunctionCall.of(
                ScalarFunction.MULTIPLY,
                DataType.DOUBLE,
                new InputRef(0, DataType.DOUBLE),
                cast(new InputRef(1, DataType.DATE), DataType.DOUBLE)));

    // 500 x 30 combinations, but only 1,000 rows.
    assertThat(product.distinct()).isEqualTo(1_000);
    assertThat(product.hasRange()).isFalse();
    assertThat(product.nullFraction()).isCloseTo(0.1, within(1e-9));
    assertThat(product.confidence()).isEqualTo(Confidence.LOW);
  }

  @Test
  void monthsAreAtMostTwelve() {
    ColumnStatistics month =
        of(
            FunctionCall.of(
                ScalarFunction.EXTRACT_MONTH, DataType.INT, new InputRef(1, DataType.DATE)));

    assertThat(month.distinct()).isEqualTo(12);
    assertThat(month.min()).isEqualTo(1);
    assertThat(month.max()).isEqualTo(12);
  }
}
