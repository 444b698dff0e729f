package dev.locus.operators.expr;

import static dev.locus.core.expr.ScalarFunction.ADD;
import static dev.locus.core.expr.ScalarFunction.CASE;
import static dev.locus.core.expr.ScalarFunction.EQUAL;
import static dev.locus.core.expr.ScalarFunction.MODULO;
import static dev.locus.core.expr.ScalarFunction.MULTIPLY;
import static dev.locus.core.expr.ScalarFunction.SUBTRACT;
import static dev.locus.operators.expr.SampleTable.call;
import static dev.locus.operators.expr.SampleTable.cast;
import static dev.locus.operators.expr.SampleTable.dec;
import static dev.locus.operators.expr.SampleTable.lit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.locus.core.batch.Vectors;
import dev.locus.core.error.LocusException;
import dev.locus.core.expr.Constant;
import dev.locus.core.expr.RowExpression;
import dev.locus.core.type.DataType;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Shared subexpressions give exactly what evaluating each expression alone gives. */
class ProjectionEvaluatorTest {
  private static final SampleTable T = SampleTable.standard();

  private BufferAllocator allocator;

  @BeforeEach
  void createAllocator() {
    allocator = new RootAllocator();
  }

  @AfterEach
  void closeAllocator() {
    // Fails on any buffer still held: shared values were released exactly once.
    allocator.close();
  }

  @Test
  void sharedSubexpressionsMatchSeparateEvaluation() {
    // Q1's shape: a discounted price alone and inside a product, plus a repeated column.
    RowExpression discounted =
        call(
            MULTIPLY,
            DataType.decimal(19, 5),
            T.col("p"),
            call(SUBTRACT, DataType.decimal(9, 3), dec("1.000"), T.col("r")));
    RowExpression charged =
        call(
            MULTIPLY,
            DataType.decimal(29, 8),
            discounted,
            call(ADD, DataType.decimal(9, 3), dec("1.000"), T.col("r")));
    // The same division guarded by CASE (evaluated under a mask) and unguarded elsewhere would
    // fail on q = 0; here the guarded one is shared only with itself.
    RowExpression guarded =
        call(
            CASE,
            DataType.decimal(10, 2),
            call(EQUAL, DataType.BOOLEAN, T.col("q"), cast(lit(0), DataType.decimal(6, 0))),
            Constant.nullOf(DataType.decimal(10, 2)),
            call(
                MODULO,
                DataType.decimal(10, 2),
                T.col("p"),
                cast(T.col("q"), DataType.decimal(8, 2))));
    List<RowExpression> expressions =
        List.of(discounted, charged, T.col("p"), discounted, guarded, guarded, charged);
    assertSameAsAlone(expressions);
  }

  @Test
  void noSharedSubexpressionsIsPlainEvaluation() {
    assertSameAsAlone(List.of(call(ADD, DataType.INT, T.col("i"), T.col("j")), T.col("s")));
  }

  @Test
  void aFailingSharedSubexpressionFailsAsAlone() {
    RowExpression square = call(MULTIPLY, DataType.decimal(6, 4), T.col("p"), T.col("p"));
    RowExpression plusOne = call(ADD, DataType.decimal(7, 4), square, dec("1.0000"));
    try (VectorSchemaRoot batch = T.batch(allocator)) {
      ProjectionEvaluator evaluator =
          ProjectionEvaluator.compile(List.of(plusOne, square), T.schema());
      assertThatThrownBy(() -> evaluator.evaluate(batch, allocator))
          .isInstanceOf(LocusException.class)
          .hasMessage("Decimal overflow: 152.2756 does not fit DECIMAL(6, 4) in (p * p)");
    }
  }

  private void assertSameAsAlone(List<RowExpression> expressions) {
    try (VectorSchemaRoot batch = T.batch(allocator)) {
      List<FieldVector> shared =
          ProjectionEvaluator.compile(expressions, T.schema()).evaluate(batch, allocator);
      try {
        assertThat(shared).hasSize(expressions.size());
        for (int i = 0; i < expressions.size(); i++) {
          RowExpression expression = expressions.get(i);
          FieldVector actual = shared.get(i);
          assertThat(DataType.fromArrow(actual.getField().getType())).isEqualTo(expression.type());
          try (FieldVector alone =
              ExpressionEvaluator.compile(expression, T.schema()).evaluate(batch, allocator)) {
            assertThat(values(actual, batch.getRowCount()))
                .as(expression.toString())
                .isEqualTo(values(alone, batch.getRowCount()));
          }
        }
      } finally {
        shared.forEach(FieldVector::close);
      }
    }
  }

  private static List<Object> values(FieldVector vector, int rows) {
    assertThat(vector.getValueCount()).isEqualTo(rows);
    List<Object> values = new ArrayList<>();
    for (int row = 0; row < rows; row++) {
      values.add(Vectors.getObject(vector, row));
    }
    return values;
  }
}
