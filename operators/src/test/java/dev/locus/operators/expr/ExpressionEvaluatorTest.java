package dev.locus.operators.expr;

import static dev.locus.core.expr.ScalarFunction.ABS;
import static dev.locus.core.expr.ScalarFunction.ADD;
import static dev.locus.core.expr.ScalarFunction.ADD_DAYS;
import static dev.locus.core.expr.ScalarFunction.ADD_MONTHS;
import static dev.locus.core.expr.ScalarFunction.AND;
import static dev.locus.core.expr.ScalarFunction.CASE;
import static dev.locus.core.expr.ScalarFunction.COALESCE;
import static dev.locus.core.expr.ScalarFunction.CONCAT;
import static dev.locus.core.expr.ScalarFunction.DIVIDE;
import static dev.locus.core.expr.ScalarFunction.EQUAL;
import static dev.locus.core.expr.ScalarFunction.EXTRACT_DAY;
import static dev.locus.core.expr.ScalarFunction.EXTRACT_MONTH;
import static dev.locus.core.expr.ScalarFunction.EXTRACT_YEAR;
import static dev.locus.core.expr.ScalarFunction.GREATER_THAN;
import static dev.locus.core.expr.ScalarFunction.GREATER_THAN_OR_EQUAL;
import static dev.locus.core.expr.ScalarFunction.IN;
import static dev.locus.core.expr.ScalarFunction.IS_NOT_NULL;
import static dev.locus.core.expr.ScalarFunction.IS_NULL;
import static dev.locus.core.expr.ScalarFunction.LENGTH;
import static dev.locus.core.expr.ScalarFunction.LESS_THAN;
import static dev.locus.core.expr.ScalarFunction.LESS_THAN_OR_EQUAL;
import static dev.locus.core.expr.ScalarFunction.LIKE;
import static dev.locus.core.expr.ScalarFunction.LOWER;
import static dev.locus.core.expr.ScalarFunction.MODULO;
import static dev.locus.core.expr.ScalarFunction.MULTIPLY;
import static dev.locus.core.expr.ScalarFunction.NEGATE;
import static dev.locus.core.expr.ScalarFunction.NOT;
import static dev.locus.core.expr.ScalarFunction.NOT_EQUAL;
import static dev.locus.core.expr.ScalarFunction.OR;
import static dev.locus.core.expr.ScalarFunction.SUBSTRING;
import static dev.locus.core.expr.ScalarFunction.SUBTRACT;
import static dev.locus.core.expr.ScalarFunction.TRIM;
import static dev.locus.core.expr.ScalarFunction.UPPER;
import static dev.locus.operators.expr.SampleTable.call;
import static dev.locus.operators.expr.SampleTable.cast;
import static dev.locus.operators.expr.SampleTable.dec;
import static dev.locus.operators.expr.SampleTable.lit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.locus.core.batch.Batches;
import dev.locus.core.batch.Vectors;
import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.expr.Constant;
import dev.locus.core.expr.FunctionCall;
import dev.locus.core.expr.RowExpression;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Field;
import dev.locus.core.type.Schema;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ExpressionEvaluatorTest {
  private static final DataType BOOL = DataType.BOOLEAN;
  private static final SampleTable T = SampleTable.standard();
  private static Connection h2;

  private BufferAllocator allocator;

  @BeforeAll
  static void startH2() throws SQLException {
    h2 = T.h2();
  }

  @AfterAll
  static void stopH2() throws SQLException {
    h2.close();
  }

  @BeforeEach
  void createAllocator() {
    allocator = new RootAllocator();
  }

  @AfterEach
  void closeAllocator() {
    // Fails on any buffer still held: every vector was released exactly once.
    allocator.close();
  }

  @Test
  void integerAndDoubleArithmeticMatchesH2() throws SQLException {
    DataType integer = DataType.INT;
    assertSameAsH2(call(ADD, integer, T.col("i"), T.col("j")), "i + j");
    assertSameAsH2(call(SUBTRACT, integer, T.col("i"), T.col("j")), "i - j");
    assertSameAsH2(call(MULTIPLY, integer, T.col("i"), T.col("j")), "i * j");
    assertSameAsH2(call(DIVIDE, integer, T.col("i"), T.col("j")), "i / j");
    assertSameAsH2(call(MODULO, integer, T.col("i"), T.col("j")), "MOD(i, j)");
    assertSameAsH2(call(DIVIDE, integer, lit(1000), T.col("j")), "1000 / j");
    assertSameAsH2(call(NEGATE, integer, T.col("i")), "-i");
    assertSameAsH2(call(ABS, integer, T.col("i")), "ABS(i)");
    assertSameAsH2(call(MULTIPLY, DataType.BIGINT, T.col("b"), lit(3L)), "b * 3");
    assertSameAsH2(call(SUBTRACT, DataType.BIGINT, lit(7L), T.col("b")), "7 - b");
    assertSameAsH2(call(ADD, DataType.DOUBLE, T.col("d"), T.col("d")), "d + d");
    assertSameAsH2(call(MULTIPLY, DataType.DOUBLE, T.col("d"), lit(2.5)), "d * 2.5");
    assertSameAsH2(call(DIVIDE, DataType.DOUBLE, T.col("d"), lit(4.0)), "d / 4.0");
    assertSameAsH2(call(SUBTRACT, DataType.DOUBLE, lit(0.0), T.col("d")), "0.0 - d");
    // IEEE negation: -(0.0) is -0.0 (H2 prints 0.0), so checked in Java.
    assertThat(evaluateConstant(call(NEGATE, DataType.DOUBLE, lit(1.5)))).isEqualTo(-1.5);
    assertSameAsH2(
        call(ADD, DataType.BIGINT, cast(T.col("i"), DataType.BIGINT), T.col("b")), "i + b");
  }

  @Test
  void decimalArithmeticIsExactAndRoundsHalfUp() throws SQLException {
    RowExpression p3 = cast(T.col("p"), DataType.decimal(11, 3));
    assertSameAsH2(call(ADD, DataType.decimal(12, 3), p3, T.col("r")), "p + r");
    assertSameAsH2(call(SUBTRACT, DataType.decimal(12, 3), p3, T.col("r")), "p - r");
    assertSameAsH2(call(MULTIPLY, DataType.decimal(18, 5), T.col("p"), T.col("r")), "p * r");
    assertSameAsH2(call(MULTIPLY, DataType.decimal(16, 2), T.col("p"), T.col("q")), "p * q");
    assertSameAsH2(call(NEGATE, DataType.decimal(10, 2), T.col("p")), "-p");
    assertSameAsH2(call(ABS, DataType.decimal(8, 3), T.col("r")), "ABS(r)");
    assertSameAsH2(call(ADD, DataType.decimal(11, 2), T.col("p"), dec("0.05")), "p + 0.05");
    // MOD with a guard on zero divisors; the guard keeps the zero row from failing.
    RowExpression q2 = cast(T.col("q"), DataType.decimal(8, 2));
    assertSameAsH2(
        caseWhen(
            call(EQUAL, BOOL, T.col("q"), cast(lit(0), DataType.decimal(6, 0))),
            Constant.nullOf(DataType.decimal(10, 2)),
            call(MODULO, DataType.decimal(10, 2), T.col("p"), q2)),
        "CASE WHEN q = 0 THEN NULL ELSE MOD(p, q) END");

    // Division: the quotient rounded half up to the result's own scale (plain-Java oracle on
    // H2's copy of the operands).
    for (int scale : new int[] {0, 2, 6}) {
      DataType type = DataType.decimal(20, scale);
      RowExpression quotient =
          caseWhen(
              call(EQUAL, BOOL, T.col("q"), cast(lit(0), DataType.decimal(6, 0))),
              Constant.nullOf(type),
              call(DIVIDE, type, T.col("p"), T.col("q")));
      List<Object> dividends = SampleTable.query(h2, "p", DataType.decimal(10, 2));
      List<Object> divisors = SampleTable.query(h2, "q", DataType.decimal(6, 0));
      List<Object> expected = new ArrayList<>();
      for (int row = 0; row < dividends.size(); row++) {
        BigDecimal x = (BigDecimal) dividends.get(row);
        BigDecimal y = (BigDecimal) divisors.get(row);
        expected.add(
            x == null || y == null || y.signum() == 0
                ? null
                : x.divide(y, scale, RoundingMode.HALF_UP));
      }
      assertThat(evaluate(quotient)).as("p / q at scale %s", scale).isEqualTo(expected);
    }
    // -7.77 / 2 = -3.885 rounds away from zero; 7.77 / 2 the same way up.
    assertThat(evaluateConstant(call(DIVIDE, DataType.decimal(10, 2), dec("-7.77"), dec("2"))))
        .isEqualTo(new BigDecimal("-3.89"));
    assertThat(evaluateConstant(call(DIVIDE, DataType.decimal(10, 2), dec("7.77"), dec("2"))))
        .isEqualTo(new BigDecimal("3.89"));
  }

  @Test
  void decimalArithmeticBeyondSixtyFourBitsStaysExact() {
    DataType wide = DataType.decimal(38, 2);
    BigDecimal big = new BigDecimal("90000000000000000.00"); // 9e18 unscaled: near Long.MAX
    RowExpression sum = call(ADD, wide, new Constant(big, wide), new Constant(big, wide));
    assertThat(evaluateConstant(sum)).isEqualTo(new BigDecimal("180000000000000000.00"));
    RowExpression product =
        call(
            MULTIPLY,
            DataType.decimal(38, 4),
            new Constant(big, wide),
            new Constant(new BigDecimal("3.00"), DataType.decimal(3, 2)));
    assertThat(evaluateConstant(product)).isEqualTo(new BigDecimal("270000000000000000.0000"));
    RowExpression quotient =
        call(
            DIVIDE,
            DataType.decimal(38, 10),
            new Constant(big, wide),
            new Constant(new BigDecimal("7.00"), DataType.decimal(3, 2)));
    assertThat(evaluateConstant(quotient))
        .isEqualTo(big.divide(new BigDecimal("7"), 10, RoundingMode.HALF_UP));
  }

  @Test
  void comparisonsOfEveryTypeMatchH2() throws SQLException {
    assertSameAsH2(call(LESS_THAN, BOOL, T.col("i"), T.col("j")), "i < j");
    assertSameAsH2(call(EQUAL, BOOL, T.col("i"), lit(3)), "i = 3");
    assertSameAsH2(call(NOT_EQUAL, BOOL, T.col("b"), lit(0L)), "b <> 0");
    assertSameAsH2(call(GREATER_THAN_OR_EQUAL, BOOL, T.col("d"), lit(0.0)), "d >= 0.0");
    assertSameAsH2(
        call(LESS_THAN_OR_EQUAL, BOOL, cast(T.col("p"), DataType.decimal(11, 3)), T.col("r")),
        "p <= r");
    assertSameAsH2(call(GREATER_THAN, BOOL, T.col("s"), lit("abc")), "s > 'abc'");
    assertSameAsH2(call(LESS_THAN, BOOL, T.col("s"), T.col("t")), "s < t");
    assertSameAsH2(call(EQUAL, BOOL, T.col("s"), lit("naïve café")), "s = 'naïve café'");
    assertSameAsH2(
        call(LESS_THAN, BOOL, T.col("dt"), lit(LocalDate.of(2020, 1, 1))),
        "dt < DATE '2020-01-01'");
    assertSameAsH2(
        call(GREATER_THAN, BOOL, T.col("ts"), lit(LocalDateTime.of(2000, 2, 29, 0, 0))),
        "ts > TIMESTAMP '2000-02-29 00:00:00'");
    assertSameAsH2(call(EQUAL, BOOL, T.col("f"), T.col("g")), "f = g");
    assertSameAsH2(call(LESS_THAN, BOOL, T.col("f"), T.col("g")), "f < g");
    assertSameAsH2(call(IS_NULL, BOOL, T.col("s")), "s IS NULL");
    assertSameAsH2(call(IS_NOT_NULL, BOOL, T.col("i")), "i IS NOT NULL");
  }

  @Test
  void doubleComparisonTreatsNegativeZeroAsZero() {
    RowExpression equal = call(EQUAL, BOOL, lit(-0.0), lit(0.0));
    assertThat(evaluateConstant(equal)).isEqualTo(true);
    assertThat(evaluateConstant(call(LESS_THAN, BOOL, lit(-0.0), lit(0.0)))).isEqualTo(false);
  }

  @Test
  void andOrNotFollowThreeValuedLogic() throws SQLException {
    assertSameAsH2(call(AND, BOOL, T.col("f"), T.col("g")), "f AND g");
    assertSameAsH2(call(OR, BOOL, T.col("f"), T.col("g")), "f OR g");
    assertSameAsH2(call(NOT, BOOL, T.col("f")), "NOT f");
    assertSameAsH2(
        call(AND, BOOL, call(OR, BOOL, T.col("f"), call(NOT, BOOL, T.col("g"))), T.col("g")),
        "(f OR NOT g) AND g");
    assertSameAsH2(call(AND, BOOL, T.col("f"), lit(true)), "f AND TRUE");
    assertSameAsH2(call(OR, BOOL, T.col("g"), Constant.nullOf(BOOL)), "g OR NULL");
  }

  @Test
  void inListsFollowThreeValuedLogic() throws SQLException {
    assertSameAsH2(call(IN, BOOL, T.col("i"), lit(1), lit(-7), lit(100)), "i IN (1, -7, 100)");
    assertSameAsH2(
        call(IN, BOOL, T.col("i"), lit(5), Constant.nullOf(DataType.INT)), "i IN (5, NULL)");
    assertSameAsH2(
        call(IN, BOOL, T.col("s"), lit("abc"), lit("naïve café"), lit("")),
        "s IN ('abc', 'naïve café', '')");
    assertSameAsH2(
        call(IN, BOOL, T.col("p"), dec("12.34"), dec("-0.05"), dec("0.00")),
        "p IN (12.34, -0.05, 0.00)");
    assertSameAsH2(
        call(IN, BOOL, T.col("b"), lit(10_000_000_000L), lit(-5L)), "b IN (10000000000, -5)");
    assertSameAsH2(call(IN, BOOL, T.col("d"), lit(1.5), lit(-0.0)), "d IN (1.5, -0.0)");
    assertSameAsH2(
        call(IN, BOOL, T.col("dt"), lit(LocalDate.of(2024, 2, 29)), lit(LocalDate.of(1970, 1, 1))),
        "dt IN (DATE '2024-02-29', DATE '1970-01-01')");
    // Non-constant lists.
    assertSameAsH2(call(IN, BOOL, T.col("i"), T.col("j"), lit(3)), "i IN (j, 3)");
    assertSameAsH2(call(IN, BOOL, T.col("f"), T.col("g")), "f IN (g)");
    assertSameAsH2(
        call(NOT, BOOL, call(IN, BOOL, T.col("i"), lit(5), Constant.nullOf(DataType.INT))),
        "NOT (i IN (5, NULL))");
  }

  @Test
  void likeMatchesH2ForEveryPatternShape() throws SQLException {
    for (String pattern :
        new String[] {
          "abc", "ab%", "%c", "%bc%", "a_c", "%a%c%", "_", "%", "", "%é%", "na_ve%", "日本%", "%テ_スト",
          "x%y", "%%c", "A%", "_b%c_"
        }) {
      assertSameAsH2(
          call(LIKE, BOOL, T.col("s"), lit(pattern)), "s LIKE '" + pattern + "' ESCAPE ''");
    }
  }

  @Test
  void caseTakesOnlyRowsWhoseConditionIsTrue() throws SQLException {
    RowExpression sign =
        call(
            CASE,
            DataType.VARCHAR,
            call(GREATER_THAN, BOOL, T.col("i"), lit(0)),
            lit("positive"),
            call(LESS_THAN, BOOL, T.col("i"), lit(0)),
            lit("negative"),
            Constant.nullOf(DataType.VARCHAR));
    assertSameAsH2(sign, "CASE WHEN i > 0 THEN 'positive' WHEN i < 0 THEN 'negative' END");
    assertSameAsH2(caseWhen(T.col("f"), T.col("i"), T.col("j")), "CASE WHEN f THEN i ELSE j END");
    assertSameAsH2(
        caseWhen(T.col("g"), T.col("p"), dec("-1.00")), "CASE WHEN g THEN p ELSE -1.00 END");
    assertSameAsH2(caseWhen(T.col("f"), T.col("g"), lit(true)), "CASE WHEN f THEN g ELSE TRUE END");
    // The division runs only on rows with a non-zero divisor.
    assertSameAsH2(
        caseWhen(
            call(EQUAL, BOOL, T.col("z"), lit(0)),
            lit(0),
            call(DIVIDE, DataType.INT, T.col("id"), T.col("z"))),
        "CASE WHEN z = 0 THEN 0 ELSE id / z END");
    assertSameAsH2(
        call(
            AND,
            BOOL,
            call(NOT_EQUAL, BOOL, T.col("z"), lit(0)),
            call(GREATER_THAN, BOOL, call(DIVIDE, DataType.INT, T.col("id"), T.col("z")), lit(1))),
        "z <> 0 AND id / z > 1");
  }

  @Test
  void coalesceTakesTheFirstNonNullValue() throws SQLException {
    assertSameAsH2(
        call(COALESCE, DataType.INT, T.col("i"), T.col("j"), lit(-1)), "COALESCE(i, j, -1)");
    assertSameAsH2(call(COALESCE, DataType.VARCHAR, T.col("s"), T.col("t")), "COALESCE(s, t)");
    assertSameAsH2(call(COALESCE, BOOL, T.col("f"), T.col("g")), "COALESCE(f, g)");
    assertSameAsH2(
        call(COALESCE, DataType.TIMESTAMP, T.col("ts"), lit(LocalDateTime.of(2000, 1, 1, 0, 0))),
        "COALESCE(ts, TIMESTAMP '2000-01-01 00:00:00')");
  }

  @Test
  void numericCastsRoundHalfUpAsH2() throws SQLException {
    assertSameAsH2(cast(T.col("p"), DataType.INT), "CAST(p AS INT)");
    assertSameAsH2(cast(T.col("r"), DataType.BIGINT), "CAST(r AS BIGINT)");
    assertSameAsH2(cast(T.col("r"), DataType.decimal(10, 1)), "CAST(r AS DECIMAL(10, 1))");
    assertSameAsH2(cast(T.col("r"), DataType.decimal(12, 5)), "CAST(r AS DECIMAL(12, 5))");
    assertSameAsH2(cast(T.col("p"), DataType.DOUBLE), "CAST(p AS DOUBLE PRECISION)");
    assertSameAsH2(cast(T.col("i"), DataType.decimal(12, 2)), "CAST(i AS DECIMAL(12, 2))");
    assertSameAsH2(cast(T.col("b"), DataType.DOUBLE), "CAST(b AS DOUBLE PRECISION)");
    assertSameAsH2(cast(T.col("d"), DataType.decimal(20, 2)), "CAST(d AS DECIMAL(20, 2))");
    assertSameAsH2(cast(T.col("i"), DataType.BIGINT), "CAST(i AS BIGINT)");
    assertSameAsH2(cast(T.col("ts"), DataType.DATE), "CAST(ts AS DATE)");
    assertSameAsH2(cast(T.col("dt"), DataType.TIMESTAMP), "CAST(dt AS TIMESTAMP)");
    // Doubles round half away from zero (H2 rounds -2.5 to -2, so this one is checked in Java).
    assertThat(evaluateConstant(cast(lit(2.5), DataType.INT))).isEqualTo(3);
    assertThat(evaluateConstant(cast(lit(-2.5), DataType.INT))).isEqualTo(-3);
    assertThat(evaluateConstant(cast(lit(-2.4), DataType.BIGINT))).isEqualTo(-2L);
    assertThat(evaluateConstant(cast(lit(0.49999999999999994), DataType.INT))).isEqualTo(0);
  }

  @Test
  void castsToVarcharPrintAsSqlEngines() throws SQLException {
    assertSameAsH2(cast(T.col("i"), DataType.VARCHAR), "CAST(i AS VARCHAR)");
    assertSameAsH2(cast(T.col("b"), DataType.VARCHAR), "CAST(b AS VARCHAR)");
    assertSameAsH2(cast(T.col("p"), DataType.VARCHAR), "CAST(p AS VARCHAR)");
    assertSameAsH2(cast(T.col("r"), DataType.VARCHAR), "CAST(r AS VARCHAR)");
    assertSameAsH2(cast(T.col("dt"), DataType.VARCHAR), "CAST(dt AS VARCHAR)");
    assertSameAsH2(cast(T.col("ts"), DataType.VARCHAR), "CAST(ts AS VARCHAR)");
    List<Object> doubles = evaluate(cast(T.col("d"), DataType.VARCHAR));
    List<Object> expected = new ArrayList<>();
    for (List<Object> row : T.rows()) {
      expected.add(row.get(5) == null ? null : Double.toString((Double) row.get(5)));
    }
    assertThat(doubles).isEqualTo(expected);
    List<Object> booleans = evaluate(cast(T.col("f"), DataType.VARCHAR));
    assertThat(booleans.subList(0, 9))
        .containsExactly("true", "true", "true", "false", "false", "false", null, null, null);
    assertThat(evaluateConstant(cast(lit(Long.MIN_VALUE), DataType.VARCHAR)))
        .isEqualTo("-9223372036854775808");
    assertThat(evaluateConstant(cast(dec("-0.05"), DataType.VARCHAR))).isEqualTo("-0.05");
    assertThat(evaluateConstant(cast(lit(LocalDate.of(5, 1, 2)), DataType.VARCHAR)))
        .isEqualTo("0005-01-02");
  }

  @Test
  void castsFromVarcharParseAsH2() throws SQLException {
    SampleTable texts =
        new SampleTable(
            "texts",
            Schema.of(Field.notNull("id", DataType.INT), Field.nullable("v", DataType.VARCHAR)),
            List.of(
                List.of(1, "42"),
                List.of(2, " -17 "),
                List.of(3, "+8"),
                List.of(4, "0"),
                List.of(5, "2147483647")));
    SampleTable decimals =
        new SampleTable(
            "decimals",
            Schema.of(Field.notNull("id", DataType.INT), Field.nullable("v", DataType.VARCHAR)),
            List.of(
                List.of(1, "3.14159"),
                List.of(2, "-2.005"),
                List.of(3, " 12 "),
                List.of(4, "1e2"),
                List.of(5, "-0.0049")));
    SampleTable dates =
        new SampleTable(
            "dates",
            Schema.of(Field.notNull("id", DataType.INT), Field.nullable("v", DataType.VARCHAR)),
            List.of(
                List.of(1, "2024-02-29"),
                List.of(2, "1999-1-5"),
                List.of(3, " 1970-01-01 "),
                List.of(4, "0001-12-31")));
    SampleTable timestamps =
        new SampleTable(
            "timestamps",
            Schema.of(Field.notNull("id", DataType.INT), Field.nullable("v", DataType.VARCHAR)),
            List.of(
                List.of(1, "2024-02-29 13:14:15"),
                List.of(2, "2024-02-29 13:14:15.123456"),
                List.of(3, "2024-02-29T00:00:01.5"),
                List.of(4, "1969-12-31 23:59:59.999999"),
                List.of(5, "2001-01-01")));
    assertCastMatchesH2(texts, DataType.INT, "INT");
    assertCastMatchesH2(texts, DataType.BIGINT, "BIGINT");
    assertCastMatchesH2(texts, DataType.DOUBLE, "DOUBLE PRECISION");
    assertCastMatchesH2(decimals, DataType.decimal(10, 2), "DECIMAL(10, 2)");
    assertCastMatchesH2(decimals, DataType.DOUBLE, "DOUBLE PRECISION");
    assertCastMatchesH2(dates, DataType.DATE, "DATE");
    assertCastMatchesH2(timestamps, DataType.TIMESTAMP, "TIMESTAMP");
    assertThat(evaluateConstant(cast(lit(" TRUE "), BOOL))).isEqualTo(true);
    assertThat(evaluateConstant(cast(lit("f"), BOOL))).isEqualTo(false);
  }

  @Test
  void substringCountsCharactersFromOne() throws SQLException {
    assertSameAsH2(call(SUBSTRING, DataType.VARCHAR, T.col("s"), lit(2)), "SUBSTRING(s, 2)");
    assertSameAsH2(
        call(SUBSTRING, DataType.VARCHAR, T.col("s"), lit(2), lit(3)), "SUBSTRING(s, 2, 3)");
    assertSameAsH2(
        call(SUBSTRING, DataType.VARCHAR, T.col("s"), lit(1), T.col("z")), "SUBSTRING(s, 1, z)");
    assertSameAsH2(
        call(SUBSTRING, DataType.VARCHAR, T.col("s"), lit(20), lit(3)), "SUBSTRING(s, 20, 3)");
    // A start before 1 counts the missing positions, as PostgreSQL does (H2 does not).
    assertThat(evaluateConstant(call(SUBSTRING, DataType.VARCHAR, lit("abcdef"), lit(0), lit(3))))
        .isEqualTo("ab");
    assertThat(evaluateConstant(call(SUBSTRING, DataType.VARCHAR, lit("abcdef"), lit(-1), lit(4))))
        .isEqualTo("ab");
    assertThat(evaluateConstant(call(SUBSTRING, DataType.VARCHAR, lit("abcdef"), lit(-5))))
        .isEqualTo("abcdef");
    assertThat(evaluateConstant(call(SUBSTRING, DataType.VARCHAR, lit("日本語"), lit(2), lit(1))))
        .isEqualTo("本");
  }

  @Test
  void stringFunctionsMatchH2() throws SQLException {
    assertSameAsH2(call(UPPER, DataType.VARCHAR, T.col("s")), "UPPER(s)");
    assertSameAsH2(call(LOWER, DataType.VARCHAR, T.col("s")), "LOWER(s)");
    assertSameAsH2(call(TRIM, DataType.VARCHAR, T.col("s")), "TRIM(s)");
    assertSameAsH2(call(TRIM, DataType.VARCHAR, T.col("t")), "TRIM(t)");
    assertSameAsH2(call(LENGTH, DataType.INT, T.col("s")), "CHAR_LENGTH(s)");
    assertSameAsH2(call(LENGTH, DataType.BIGINT, T.col("s")), "CHAR_LENGTH(s)");
    assertSameAsH2(call(CONCAT, DataType.VARCHAR, T.col("s"), T.col("t")), "s || t");
    assertSameAsH2(
        call(CONCAT, DataType.VARCHAR, lit("<"), T.col("s"), lit("|"), T.col("t"), lit(">")),
        "'<' || s || '|' || t || '>'");
    assertThat(evaluateConstant(call(UPPER, DataType.VARCHAR, lit("straße")))).isEqualTo("STRASSE");
  }

  @Test
  void dateFunctionsMatchH2() throws SQLException {
    assertSameAsH2(call(EXTRACT_YEAR, DataType.INT, T.col("dt")), "EXTRACT(YEAR FROM dt)");
    assertSameAsH2(call(EXTRACT_MONTH, DataType.INT, T.col("dt")), "EXTRACT(MONTH FROM dt)");
    assertSameAsH2(call(EXTRACT_DAY, DataType.INT, T.col("dt")), "EXTRACT(DAY FROM dt)");
    assertSameAsH2(call(EXTRACT_YEAR, DataType.INT, T.col("ts")), "EXTRACT(YEAR FROM ts)");
    assertSameAsH2(call(EXTRACT_MONTH, DataType.BIGINT, T.col("ts")), "EXTRACT(MONTH FROM ts)");
    assertSameAsH2(call(EXTRACT_DAY, DataType.INT, T.col("ts")), "EXTRACT(DAY FROM ts)");
    assertSameAsH2(call(ADD_DAYS, DataType.DATE, T.col("dt"), lit(30)), "DATEADD(DAY, 30, dt)");
    assertSameAsH2(call(ADD_DAYS, DataType.DATE, T.col("dt"), T.col("i")), "DATEADD(DAY, i, dt)");
    for (int months : new int[] {1, -1, 13, -25, 0}) {
      assertSameAsH2(
          call(ADD_MONTHS, DataType.DATE, T.col("dt"), lit(months)),
          "DATEADD(MONTH, " + months + ", dt)");
    }
    assertSameAsH2(
        call(ADD_MONTHS, DataType.TIMESTAMP, T.col("ts"), lit(1)), "DATEADD(MONTH, 1, ts)");
    assertSameAsH2(
        call(ADD_DAYS, DataType.TIMESTAMP, T.col("ts"), lit(-1)), "DATEADD(DAY, -1, ts)");
  }

  @Test
  void divisionByZeroNamesTheExpression() {
    assertFailure(
        call(DIVIDE, DataType.INT, T.col("id"), T.col("z")),
        ErrorCode.DIVISION_BY_ZERO,
        "Division by zero in (id / z)");
    assertFailure(
        call(MODULO, DataType.BIGINT, T.col("b"), lit(0L)),
        ErrorCode.DIVISION_BY_ZERO,
        "Division by zero in (b % 0)");
    assertFailure(
        call(DIVIDE, DataType.DOUBLE, T.col("d"), cast(T.col("z"), DataType.DOUBLE)),
        ErrorCode.DIVISION_BY_ZERO,
        "Division by zero in (d / CAST(z AS DOUBLE))");
    assertFailure(
        call(DIVIDE, DataType.decimal(20, 4), T.col("p"), T.col("r")),
        ErrorCode.DIVISION_BY_ZERO,
        "Division by zero in (p / r)");
  }

  @Test
  void overflowsNameTheValueAndTheType() {
    assertFailure(
        call(ADD, DataType.INT, T.col("i"), lit(Integer.MAX_VALUE - 10)),
        ErrorCode.NUMERIC_OVERFLOW,
        "Integer overflow: 2147483 + 2147483637 does not fit INT in (i + 2147483637)");
    assertFailure(
        call(MULTIPLY, DataType.BIGINT, T.col("b"), lit(1_000_000_000L)),
        ErrorCode.NUMERIC_OVERFLOW,
        "Integer overflow: 10000000000 * 1000000000 does not fit BIGINT in (b * 1000000000)");
    assertFailure(
        call(MULTIPLY, DataType.decimal(6, 4), T.col("p"), T.col("p")),
        ErrorCode.NUMERIC_OVERFLOW,
        "Decimal overflow: 152.2756 does not fit DECIMAL(6, 4) in (p * p)");
    assertFailure(
        call(ADD, DataType.decimal(10, 2), T.col("p"), T.col("p")),
        ErrorCode.NUMERIC_OVERFLOW,
        "Decimal overflow: 199999999.98 does not fit DECIMAL(10, 2) in (p + p)");
    assertFailure(
        cast(T.col("b"), DataType.INT),
        ErrorCode.NUMERIC_OVERFLOW,
        "Integer overflow: 10000000000 does not fit INT in CAST(b AS INT)");
    assertFailure(
        cast(T.col("p"), DataType.decimal(4, 2)),
        ErrorCode.NUMERIC_OVERFLOW,
        "Decimal overflow: 99999999.99 does not fit DECIMAL(4, 2) in CAST(p AS DECIMAL(4, 2))");
  }

  @Test
  void invalidCastsQuoteTheValue() {
    assertFailure(
        cast(T.col("t"), DataType.INT),
        ErrorCode.INVALID_CAST,
        "Cannot cast '2024-03-15' to INT in CAST(t AS INT)");
    assertFailure(
        cast(lit("abc"), DataType.INT),
        ErrorCode.INVALID_CAST,
        "Cannot cast 'abc' to INT in CAST('abc' AS INT)");
    assertFailure(
        cast(lit("2024-02-30"), DataType.DATE),
        ErrorCode.INVALID_CAST,
        "Cannot cast '2024-02-30' to DATE in CAST('2024-02-30' AS DATE)");
    assertFailure(
        cast(lit("1.2.3"), DataType.decimal(5, 1)),
        ErrorCode.INVALID_CAST,
        "Cannot cast '1.2.3' to DECIMAL(5, 1) in CAST('1.2.3' AS DECIMAL(5, 1))");
  }

  @Test
  void castsWithoutConversionAreRejectedWhenCompiled() {
    assertThatThrownBy(
            () -> ExpressionEvaluator.compile(cast(T.col("dt"), DataType.INT), T.schema()))
        .isInstanceOf(LocusException.class)
        .hasMessage(
            "Cannot cast DATE to INT in CAST(dt AS INT); DATE casts to [VARCHAR, DATE, TIMESTAMP]");
  }

  @Test
  void inputColumnResultIsIndependentOfTheBatch() {
    FieldVector copy;
    try (VectorSchemaRoot batch = T.batch(allocator)) {
      copy = ExpressionEvaluator.compile(T.col("s"), T.schema()).evaluate(batch, allocator);
    }
    try (copy) {
      assertThat(Vectors.getObject(copy, 0)).isEqualTo("abc");
      assertThat(copy.getValueCount()).isEqualTo(T.rows().size());
    }
  }

  @Test
  void constantResultFillsEveryRow() {
    try (VectorSchemaRoot batch = T.batch(allocator);
        FieldVector result =
            ExpressionEvaluator.compile(lit("x"), T.schema()).evaluate(batch, allocator)) {
      assertThat(result.getValueCount()).isEqualTo(12);
      assertThat(Vectors.getObject(result, 11)).isEqualTo("x");
    }
  }

  @Test
  void evaluatesLargeBatchesAcrossWordBoundaries() {
    Schema schema = Schema.of(Field.nullable("x", DataType.BIGINT));
    List<List<Object>> rows = new ArrayList<>();
    for (int row = 0; row < 1000; row++) {
      rows.add(java.util.Collections.singletonList(row % 7 == 0 ? null : (long) row));
    }
    RowExpression x = new dev.locus.core.expr.InputRef(0, DataType.BIGINT);
    RowExpression expression =
        call(
            OR,
            BOOL,
            call(GREATER_THAN, BOOL, call(MODULO, DataType.BIGINT, x, lit(3L)), lit(1L)),
            call(LESS_THAN, BOOL, x, lit(10L)));
    try (VectorSchemaRoot batch = Batches.fromRows(schema, rows, allocator);
        FieldVector result =
            ExpressionEvaluator.compile(expression, schema).evaluate(batch, allocator)) {
      for (int row = 0; row < 1000; row++) {
        Boolean expected = row % 7 == 0 ? null : (row % 3 > 1 || row < 10);
        assertThat(Vectors.getObject(result, row)).as("row %s", row).isEqualTo(expected);
      }
    }
  }

  @Test
  void evaluatesEmptyBatches() {
    SampleTable empty = new SampleTable("empty", T.schema(), List.of());
    for (RowExpression expression :
        List.of(
            T.col("s"),
            lit(1),
            call(ADD, DataType.INT, T.col("i"), T.col("j")),
            call(LIKE, BOOL, T.col("s"), lit("%a%")),
            caseWhen(T.col("f"), T.col("p"), dec("1.00")),
            cast(T.col("ts"), DataType.VARCHAR))) {
      assertThat(evaluate(empty, expression)).isEmpty();
    }
  }

  @Test
  void evaluatesSlicedInputs() {
    try (VectorSchemaRoot batch = T.batch(allocator);
        VectorSchemaRoot slice = Batches.slice(batch, 3, 5, allocator);
        FieldVector result =
            ExpressionEvaluator.compile(call(ADD, DataType.INT, T.col("id"), lit(100)), T.schema())
                .evaluate(slice, allocator)) {
      assertThat(result.getValueCount()).isEqualTo(5);
      assertThat(Vectors.getObject(result, 0)).isEqualTo(104);
      assertThat(Vectors.getObject(result, 4)).isEqualTo(108);
    }
  }

  @Test
  void decimalArithmeticOnFullBatchesMatchesBigDecimal() {
    DataType wide = DataType.decimal(38, 2);
    Schema schema = Schema.of(Field.notNull("x", wide), Field.notNull("y", wide));
    List<List<Object>> rows = new ArrayList<>();
    java.util.Random random = new java.util.Random(7);
    for (int row = 0; row < 300; row++) {
      BigDecimal x = BigDecimal.valueOf(random.nextLong() >> (row % 40 + 2), 2);
      BigDecimal y = BigDecimal.valueOf(random.nextLong() >> (row % 50 + 2), 2);
      if (row == 130) {
        x = new BigDecimal("123456789012345678901234567.89"); // needs 128 bits
        y = new BigDecimal("2.00");
      }
      rows.add(List.of(x, y));
    }
    RowExpression x = new dev.locus.core.expr.InputRef(0, wide);
    RowExpression y = new dev.locus.core.expr.InputRef(1, wide);
    DataType product = DataType.decimal(38, 4);
    for (RowExpression expression :
        List.of(call(ADD, wide, x, y), call(SUBTRACT, wide, x, y), call(MULTIPLY, product, x, y))) {
      List<Object> expected = new ArrayList<>();
      for (List<Object> row : rows) {
        BigDecimal a = (BigDecimal) row.get(0);
        BigDecimal b = (BigDecimal) row.get(1);
        FunctionCall call = (FunctionCall) expression;
        BigDecimal value =
            switch (call.function()) {
              case ADD -> a.add(b);
              case SUBTRACT -> a.subtract(b);
              default -> a.multiply(b);
            };
        expected.add(value);
      }
      try (VectorSchemaRoot batch = Batches.fromRows(schema, rows, allocator);
          FieldVector result =
              ExpressionEvaluator.compile(expression, schema).evaluate(batch, allocator)) {
        List<Object> actual = new ArrayList<>();
        for (int row = 0; row < rows.size(); row++) {
          actual.add(Vectors.getObject(result, row));
        }
        assertThat(actual).as(expression.toString()).isEqualTo(expected);
      }
    }
  }

  @Test
  void overflowInAFullBatchNamesTheFirstFailingValue() {
    DataType money = DataType.decimal(10, 2);
    Schema schema = Schema.of(Field.notNull("x", money));
    List<List<Object>> rows = new ArrayList<>();
    for (int row = 0; row < 128; row++) {
      rows.add(List.of(new BigDecimal(row == 100 ? "60000000.00" : "1.50")));
    }
    RowExpression x = new dev.locus.core.expr.InputRef(0, money);
    try (VectorSchemaRoot batch = Batches.fromRows(schema, rows, allocator)) {
      ExpressionEvaluator evaluator = ExpressionEvaluator.compile(call(ADD, money, x, x), schema);
      assertThatThrownBy(() -> evaluator.evaluate(batch, allocator))
          .isInstanceOf(LocusException.class)
          .hasMessage("Decimal overflow: 120000000.00 does not fit DECIMAL(10, 2) in (x + x)");
    }
  }

  private static RowExpression caseWhen(
      RowExpression condition, RowExpression then, RowExpression otherwise) {
    return call(CASE, then.type(), condition, then, otherwise);
  }

  private void assertCastMatchesH2(SampleTable table, DataType type, String sqlType)
      throws SQLException {
    try (Connection connection = table.h2()) {
      List<Object> expected = SampleTable.query(connection, "CAST(v AS " + sqlType + ")", type);
      assertThat(evaluate(table, cast(table.col("v"), type)))
          .as("CAST(v AS %s)", sqlType)
          .isEqualTo(expected);
    }
  }

  private void assertSameAsH2(RowExpression expression, String sql) throws SQLException {
    assertThat(evaluate(expression))
        .as(sql)
        .isEqualTo(SampleTable.query(h2, sql, expression.type()));
  }

  private void assertFailure(RowExpression expression, ErrorCode code, String message) {
    try (VectorSchemaRoot batch = T.batch(allocator)) {
      ExpressionEvaluator evaluator = ExpressionEvaluator.compile(expression, T.schema());
      assertThatThrownBy(() -> evaluator.evaluate(batch, allocator))
          .isInstanceOf(LocusException.class)
          .hasMessage(message)
          .extracting(e -> ((LocusException) e).code())
          .isEqualTo(code);
    }
  }

  private List<Object> evaluate(RowExpression expression) {
    return evaluate(T, expression);
  }

  private List<Object> evaluate(SampleTable table, RowExpression expression) {
    try (VectorSchemaRoot batch = table.batch(allocator);
        FieldVector result =
            ExpressionEvaluator.compile(expression, table.schema()).evaluate(batch, allocator)) {
      assertThat(result.getValueCount()).isEqualTo(batch.getRowCount());
      assertThat(DataType.fromArrow(result.getField().getType())).isEqualTo(expression.type());
      List<Object> values = new ArrayList<>();
      for (int row = 0; row < batch.getRowCount(); row++) {
        values.add(Vectors.getObject(result, row));
      }
      return values;
    }
  }

  /** The value of an expression over constants, on a one-row batch. */
  private Object evaluateConstant(RowExpression expression) {
    SampleTable one =
        new SampleTable("one", Schema.of(Field.notNull("id", DataType.INT)), List.of(List.of(1)));
    return evaluate(one, expression).get(0);
  }
}
