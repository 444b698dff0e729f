package dev.locus.operators.project;

import static dev.locus.core.expr.ScalarFunction.ADD;
import static dev.locus.core.expr.ScalarFunction.CONCAT;
import static dev.locus.core.expr.ScalarFunction.DIVIDE;
import static dev.locus.core.expr.ScalarFunction.GREATER_THAN;
import static dev.locus.core.expr.ScalarFunction.MULTIPLY;
import static dev.locus.core.expr.ScalarFunction.UPPER;
import static dev.locus.operators.expr.SampleTable.call;
import static dev.locus.operators.expr.SampleTable.cast;
import static dev.locus.operators.expr.SampleTable.lit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.locus.core.batch.Batches;
import dev.locus.core.error.LocusException;
import dev.locus.core.expr.RowExpression;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Field;
import dev.locus.core.type.Schema;
import dev.locus.operators.expr.SampleTable;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProjectOperatorTest {
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
    allocator.close();
  }

  @Test
  void computesEveryColumnUnderItsOutputName() throws SQLException {
    List<RowExpression> expressions =
        List.of(
            T.col("id"),
            call(ADD, DataType.INT, T.col("i"), T.col("j")),
            call(MULTIPLY, DataType.decimal(18, 5), T.col("p"), T.col("r")),
            call(CONCAT, DataType.VARCHAR, call(UPPER, DataType.VARCHAR, T.col("s")), lit("!")),
            call(GREATER_THAN, DataType.BOOLEAN, T.col("d"), lit(0.0)),
            T.col("dt"));
    Schema output =
        Schema.of(
            Field.notNull("id", DataType.INT),
            Field.nullable("total", DataType.INT),
            Field.nullable("amount", DataType.decimal(18, 5)),
            Field.nullable("shout", DataType.VARCHAR),
            Field.nullable("positive", DataType.BOOLEAN),
            Field.nullable("day", DataType.DATE));
    List<List<Object>> rows = project(expressions, output);

    String[] sql = {"id", "i + j", "p * r", "UPPER(s) || '!'", "d > 0.0", "dt"};
    for (int column = 0; column < sql.length; column++) {
      List<Object> expected = SampleTable.query(h2, sql[column], output.type(column));
      List<Object> actual = new ArrayList<>();
      for (List<Object> row : rows) {
        actual.add(row.get(column));
      }
      assertThat(actual).as(sql[column]).isEqualTo(expected);
    }
  }

  @Test
  void movesPlainColumnsAndSharesRepeatedOnes() {
    List<RowExpression> expressions =
        List.of(
            T.col("s"),
            call(CONCAT, DataType.VARCHAR, T.col("s"), T.col("s")),
            T.col("s"),
            T.col("b"),
            cast(T.col("b"), DataType.DOUBLE));
    Schema output =
        Schema.of(
            Field.nullable("first", DataType.VARCHAR),
            Field.nullable("twice", DataType.VARCHAR),
            Field.nullable("again", DataType.VARCHAR),
            Field.nullable("b", DataType.BIGINT),
            Field.nullable("bd", DataType.DOUBLE));
    List<List<Object>> rows = project(expressions, output);
    for (int row = 0; row < rows.size(); row++) {
      String s = (String) T.rows().get(row).get(9);
      Long b = (Long) T.rows().get(row).get(4);
      assertThat(rows.get(row))
          .containsExactly(
              s, s == null ? null : s + s, s, b, b == null ? null : (double) b.longValue());
    }
  }

  @Test
  void releasesTheBatchWhenAnExpressionFails() {
    List<RowExpression> expressions =
        List.of(T.col("id"), call(DIVIDE, DataType.INT, T.col("id"), T.col("z")));
    Schema output =
        Schema.of(Field.notNull("id", DataType.INT), Field.nullable("ratio", DataType.INT));
    try (ProjectOperator project =
        new ProjectOperator(T.schema(), expressions, output, allocator)) {
      VectorSchemaRoot batch = T.batch(allocator);
      assertThatThrownBy(() -> project.push(batch, result -> {}))
          .isInstanceOf(LocusException.class)
          .hasMessage("Division by zero in (id / z)");
    }
    assertThat(allocator.getAllocatedMemory()).isZero();
  }

  @Test
  void rejectsAnOutputSchemaThatDisagreesWithTheExpressions() {
    Schema output = Schema.of(Field.nullable("total", DataType.BIGINT));
    assertThatThrownBy(
            () ->
                new ProjectOperator(
                    T.schema(),
                    List.of(call(ADD, DataType.INT, T.col("i"), T.col("j"))),
                    output,
                    allocator))
        .isInstanceOf(LocusException.class)
        .hasMessage("Project column 'total' is declared BIGINT but its expression (i + j) is INT");
  }

  private List<List<Object>> project(List<RowExpression> expressions, Schema output) {
    try (ProjectOperator project =
        new ProjectOperator(T.schema(), expressions, output, allocator)) {
      List<VectorSchemaRoot> out = new ArrayList<>();
      project.push(T.batch(allocator), out::add);
      project.finish(out::add);
      assertThat(out).hasSize(1);
      try (VectorSchemaRoot result = out.get(0)) {
        assertThat(result.getSchema()).isEqualTo(output.toArrow());
        assertThat(result.getRowCount()).isEqualTo(T.rows().size());
        return Batches.toRows(result);
      }
    }
  }
}
