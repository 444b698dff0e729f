package dev.locus.operators.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.locus.core.batch.Batches;
import dev.locus.core.batch.Vectors;
import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.expr.FunctionCall;
import dev.locus.core.expr.InputRef;
import dev.locus.core.expr.RowExpression;
import dev.locus.core.expr.ScalarFunction;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Field;
import dev.locus.core.type.Schema;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * DECIMAL {@code + - *} against BigDecimal with values at the bounds of their precisions, across
 * the fast paths: unchecked (the precisions rule overflow out), operands that fit a long (high
 * words not read), wide operands, and products beyond 64 bits.
 */
class DecimalArithmeticBoundsTest {
  private BufferAllocator allocator;

  @BeforeEach
  void createAllocator() {
    allocator = new RootAllocator();
  }

  @AfterEach
  void closeAllocator() {
    allocator.close();
  }

  static Stream<Arguments> shapes() {
    List<Arguments> shapes = new ArrayList<>();
    int[][] precisionPairs = {
      {3, 15}, {15, 16}, {9, 9}, {17, 17}, {9, 8}, {18, 18}, {18, 3}, {31, 16}, {19, 3}, {38, 38}
    };
    for (ScalarFunction function :
        List.of(ScalarFunction.ADD, ScalarFunction.SUBTRACT, ScalarFunction.MULTIPLY)) {
      for (int[] pair : precisionPairs) {
        shapes.add(Arguments.of(function, pair[0], pair[1]));
      }
    }
    return shapes.stream();
  }

  /** Result types as the binder makes them; scale 2 on both sides. */
  private static DataType resultType(ScalarFunction function, DataType x, DataType y) {
    if (function == ScalarFunction.MULTIPLY) {
      return DataType.decimal(Math.min(38, x.precision() + y.precision()), x.scale() + y.scale());
    }
    return DataType.decimal(Math.min(38, Math.max(x.precision(), y.precision()) + 1), x.scale());
  }

  @ParameterizedTest
  @MethodSource("shapes")
  void matchesBigDecimalAtThePrecisionBounds(ScalarFunction function, int p1, int p2) {
    DataType x = DataType.decimal(p1, 2);
    DataType y = DataType.decimal(p2, 2);
    DataType result = resultType(function, x, y);
    Random random = new Random(31L * p1 + p2 + function.ordinal());
    List<List<Object>> rows = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      rows.add(Arrays.asList(value(random, p1, i), value(random, p2, i + 1)));
    }
    assertMatches(function, x, y, result, rows);
  }

  @Test
  void productsJustBeyondALongStayExact() {
    DataType x = DataType.decimal(18, 0);
    DataType y = DataType.decimal(2, 0);
    List<List<Object>> rows = new ArrayList<>();
    for (long value : new long[] {999_999_999_999_999_999L, -999_999_999_999_999_999L, 93, -1}) {
      rows.add(List.of(BigDecimal.valueOf(value), new BigDecimal("99")));
      rows.add(List.of(BigDecimal.valueOf(value), new BigDecimal("10")));
    }
    // 2^63 / 10 and its neighbours: the product crosses Long.MAX_VALUE.
    rows.add(List.of(new BigDecimal("922337203685477580"), new BigDecimal("10")));
    rows.add(List.of(new BigDecimal("922337203685477581"), new BigDecimal("10")));
    rows.add(List.of(new BigDecimal("-922337203685477580"), new BigDecimal("10")));
    rows.add(List.of(new BigDecimal("-922337203685477581"), new BigDecimal("10")));
    assertMatches(ScalarFunction.MULTIPLY, x, y, DataType.decimal(20, 0), rows);
  }

  @Test
  void sumsBeyondTheResultPrecisionFailInTheCheckedPath() {
    // 18 + 18 digits may need 19: checked, and a declared DECIMAL(18, 0) result overflows.
    DataType x = DataType.decimal(18, 0);
    List<List<Object>> rows =
        List.of(
            List.of(new BigDecimal("500000000000000000"), new BigDecimal("500000000000000000")));
    assertThat(ArithmeticNode.cannotOverflow(ScalarFunction.ADD, x, x, DataType.decimal(18, 0)))
        .isFalse();
    assertThatThrownBy(() -> evaluate(ScalarFunction.ADD, x, x, DataType.decimal(18, 0), rows))
        .isInstanceOf(LocusException.class)
        .hasMessage("Decimal overflow: 1000000000000000000 does not fit DECIMAL(18, 0) in (x + y)")
        .extracting(e -> ((LocusException) e).code())
        .isEqualTo(ErrorCode.NUMERIC_OVERFLOW);
  }

  @Test
  void uncheckedOnlyWhereThePrecisionsRuleOverflowOut() {
    DataType d3 = DataType.decimal(3, 2);
    DataType d15 = DataType.decimal(15, 2);
    DataType d16 = DataType.decimal(16, 2);
    // Q1: 1 - l_discount, 1 + l_tax.
    assertThat(ArithmeticNode.cannotOverflow(ScalarFunction.SUBTRACT, d3, d15, d16)).isTrue();
    assertThat(ArithmeticNode.cannotOverflow(ScalarFunction.ADD, d3, d15, d16)).isTrue();
    // A narrower declared result still needs the check.
    assertThat(ArithmeticNode.cannotOverflow(ScalarFunction.ADD, d3, d15, d15)).isFalse();
    // l_extendedprice * (1 - l_discount): 31 digits, exact in 128 bits.
    assertThat(
            ArithmeticNode.cannotOverflow(
                ScalarFunction.MULTIPLY, d15, d16, DataType.decimal(31, 4)))
        .isTrue();
    // ... times (1 + l_tax): the left operand no longer fits a long; and a narrower result.
    assertThat(
            ArithmeticNode.cannotOverflow(
                ScalarFunction.MULTIPLY, DataType.decimal(31, 4), d16, DataType.decimal(38, 6)))
        .isFalse();
    assertThat(
            ArithmeticNode.cannotOverflow(
                ScalarFunction.MULTIPLY, d15, d16, DataType.decimal(30, 4)))
        .isFalse();
    assertThat(
            ArithmeticNode.cannotOverflow(
                ScalarFunction.MULTIPLY,
                DataType.decimal(9, 0),
                DataType.decimal(9, 0),
                DataType.decimal(18, 0)))
        .isTrue();
    assertThat(
            ArithmeticNode.cannotOverflow(ScalarFunction.DIVIDE, d3, d3, DataType.decimal(38, 6)))
        .isFalse();
  }

  /** Mostly values with all p digits (near the bound), some small ones, zeros and NULLs. */
  private static BigDecimal value(Random random, int precision, int row) {
    if (row % 17 == 0) {
      return null;
    }
    BigInteger bound = BigInteger.TEN.pow(precision);
    BigInteger unscaled;
    switch (row % 5) {
      case 0 -> unscaled = bound.subtract(BigInteger.ONE);
      case 1 ->
          unscaled =
              bound.subtract(BigInteger.valueOf(random.nextInt(1000) + 1)).max(BigInteger.ZERO);
      case 2 -> unscaled = BigInteger.valueOf(random.nextInt(1000)).mod(bound);
      case 3 -> unscaled = new BigInteger(bound.bitLength() + 8, random).mod(bound);
      default -> unscaled = BigInteger.ZERO;
    }
    return new BigDecimal(random.nextBoolean() ? unscaled : unscaled.negate(), 2);
  }

  private void assertMatches(
      ScalarFunction function, DataType x, DataType y, DataType result, List<List<Object>> rows) {
    BigInteger limit = BigInteger.TEN.pow(result.precision());
    List<Object> expected = new ArrayList<>();
    String overflow = null;
    for (List<Object> row : rows) {
      BigDecimal a = (BigDecimal) row.get(0);
      BigDecimal b = (BigDecimal) row.get(1);
      if (a == null || b == null) {
        expected.add(null);
        continue;
      }
      BigDecimal exact =
          switch (function) {
            case ADD -> a.add(b);
            case SUBTRACT -> a.subtract(b);
            default -> a.multiply(b);
          };
      if (exact.unscaledValue().abs().compareTo(limit) >= 0 && overflow == null) {
        overflow = exact.toPlainString();
      }
      expected.add(exact);
    }
    if (overflow != null) {
      assertThatThrownBy(() -> evaluate(function, x, y, result, rows))
          .isInstanceOf(LocusException.class)
          .hasMessageStartingWith("Decimal overflow: ")
          .hasMessageContaining(" does not fit " + result)
          .extracting(e -> ((LocusException) e).code())
          .isEqualTo(ErrorCode.NUMERIC_OVERFLOW);
      return;
    }
    assertThat(evaluate(function, x, y, result, rows))
        .as("%s %s %s -> %s", x, function, y, result)
        .isEqualTo(expected);
  }

  private List<Object> evaluate(
      ScalarFunction function, DataType x, DataType y, DataType result, List<List<Object>> rows) {
    Schema schema = Schema.of(Field.nullable("x", x), Field.nullable("y", y));
    RowExpression call = FunctionCall.of(function, result, new InputRef(0, x), new InputRef(1, y));
    try (VectorSchemaRoot batch = Batches.fromRows(schema, rows, allocator);
        FieldVector out = ExpressionEvaluator.compile(call, schema).evaluate(batch, allocator)) {
      List<Object> values = new ArrayList<>();
      for (int row = 0; row < rows.size(); row++) {
        values.add(Vectors.getObject(out, row));
      }
      return values;
    }
  }
}
