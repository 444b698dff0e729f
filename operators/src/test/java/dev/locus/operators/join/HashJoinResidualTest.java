package dev.locus.operators.join;

import static dev.locus.operators.join.JoinFixture.LEFT;
import static dev.locus.operators.join.JoinFixture.RIGHT;

import dev.locus.core.expr.FunctionCall;
import dev.locus.core.expr.InputRef;
import dev.locus.core.expr.RowExpression;
import dev.locus.core.expr.ScalarFunction;
import dev.locus.core.plan.JoinType;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Schema;
import dev.locus.operators.oracle.BatchCollector;
import dev.locus.operators.oracle.H2Oracle;
import dev.locus.operators.oracle.RandomBatches;
import dev.locus.operators.oracle.Rows;
import java.util.List;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Joins with a residual condition, checked against H2. The residual runs through {@code
 * ExpressionEvaluator}, so these tests need its vectorized implementation.
 */
class HashJoinResidualTest {
  private static final Schema BOTH = LEFT.concat(RIGHT);

  private static List<List<Object>> leftRows;
  private static List<List<Object>> rightRows;
  private static H2Oracle oracle;

  private BufferAllocator allocator;

  @BeforeAll
  static void loadOracle() {
    leftRows = JoinFixture.randomRows(new Random(27), 1000, 0);
    rightRows = JoinFixture.randomRows(new Random(28), 700, 100_000);
    oracle = new H2Oracle();
    oracle.load("l", LEFT, leftRows);
    oracle.load("r", RIGHT, rightRows);
    oracle.load("small_l", LEFT, leftRows.subList(0, 60));
    oracle.load("small_r", RIGHT, rightRows.subList(0, 50));
  }

  @AfterAll
  static void closeOracle() {
    oracle.close();
  }

  @BeforeEach
  void openAllocator() {
    allocator = new RootAllocator();
  }

  @AfterEach
  void closeAllocator() {
    allocator.close();
  }

  private static InputRef left(String name) {
    int index = LEFT.indexOf(name, "test");
    return new InputRef(index, LEFT.type(index));
  }

  private static InputRef right(String name) {
    int index = RIGHT.indexOf(name, "test");
    return new InputRef(LEFT.size() + index, RIGHT.type(index));
  }

  private static RowExpression call(ScalarFunction function, RowExpression... arguments) {
    return FunctionCall.of(function, DataType.BOOLEAN, arguments);
  }

  private BatchCollector run(
      JoinType type,
      List<List<Object>> leftInput,
      List<List<Object>> rightInput,
      List<String> keys,
      RowExpression residual,
      int threads)
      throws Exception {
    return JoinFixture.run(
        type,
        LEFT,
        RandomBatches.split(LEFT, leftInput, 150, new Random(1), allocator),
        RIGHT,
        RandomBatches.split(RIGHT, rightInput, 200, new Random(2), allocator),
        JoinFixture.indexes(LEFT, keys),
        JoinFixture.indexes(RIGHT, keys),
        residual,
        threads,
        allocator);
  }

  @ParameterizedTest
  @EnumSource(JoinType.class)
  void keysAndComparisonResidual(JoinType type) throws Exception {
    RowExpression residual = call(ScalarFunction.LESS_THAN, left("l_val"), right("r_val"));
    BatchCollector out = run(type, leftRows, rightRows, List.of("k_int"), residual, 1);
    Rows.assertSameRows(
        out.rows(), oracle.query(JoinFixture.sql(type, List.of("k_int"), "l.l_val < r.r_val")));
  }

  @ParameterizedTest
  @EnumSource(JoinType.class)
  void residualWithNullTestsOnConcurrentProbes(JoinType type) throws Exception {
    RowExpression residual =
        call(
            ScalarFunction.OR,
            call(ScalarFunction.NOT_EQUAL, left("k_dec"), right("k_dec")),
            call(ScalarFunction.IS_NULL, right("r_val")));
    BatchCollector out = run(type, leftRows, rightRows, List.of("k_date"), residual, 3);
    Rows.assertSameRows(
        out.rows(),
        oracle.query(
            JoinFixture.sql(type, List.of("k_date"), "(l.k_dec <> r.k_dec OR r.r_val IS NULL)")));
  }

  @ParameterizedTest
  @EnumSource(JoinType.class)
  void residualAloneIsANestedLoopJoin(JoinType type) throws Exception {
    RowExpression residual =
        call(
            ScalarFunction.AND,
            call(ScalarFunction.EQUAL, left("k_varchar"), right("k_varchar")),
            call(ScalarFunction.GREATER_THAN, left("l_val"), right("r_val")));
    BatchCollector out =
        run(type, leftRows.subList(0, 60), rightRows.subList(0, 50), List.of(), residual, 2);
    Rows.assertSameRows(
        out.rows(),
        oracle.query(
            JoinFixture.sql(
                type,
                "small_l",
                "small_r",
                List.of(),
                "l.k_varchar = r.k_varchar AND l.l_val > r.r_val")));
  }
}
