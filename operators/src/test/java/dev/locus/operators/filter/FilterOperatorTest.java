package dev.locus.operators.filter;

import static dev.locus.core.expr.ScalarFunction.AND;
import static dev.locus.core.expr.ScalarFunction.DIVIDE;
import static dev.locus.core.expr.ScalarFunction.GREATER_THAN;
import static dev.locus.core.expr.ScalarFunction.IN;
import static dev.locus.core.expr.ScalarFunction.LESS_THAN;
import static dev.locus.core.expr.ScalarFunction.LIKE;
import static dev.locus.core.expr.ScalarFunction.OR;
import static dev.locus.operators.expr.SampleTable.call;
import static dev.locus.operators.expr.SampleTable.lit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.locus.core.batch.Batches;
import dev.locus.core.error.LocusException;
import dev.locus.core.expr.Constant;
import dev.locus.core.expr.InputRef;
import dev.locus.core.expr.RowExpression;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Field;
import dev.locus.core.type.Schema;
import dev.locus.operators.expr.SampleTable;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FilterOperatorTest {
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
    allocator.close();
  }

  @Test
  void keepsRowsWhereTheConditionIsTrueAsH2Does() throws SQLException {
    assertSameRowsAsH2(call(GREATER_THAN, BOOL, T.col("i"), lit(0)), "i > 0");
    assertSameRowsAsH2(call(AND, BOOL, T.col("f"), T.col("g")), "f AND g");
    assertSameRowsAsH2(call(OR, BOOL, T.col("f"), T.col("g")), "f OR g");
    assertSameRowsAsH2(T.col("f"), "f");
    assertSameRowsAsH2(call(LIKE, BOOL, T.col("s"), lit("%c%")), "s LIKE '%c%'");
    assertSameRowsAsH2(
        call(IN, BOOL, T.col("i"), lit(5), lit(-7), Constant.nullOf(DataType.INT)),
        "i IN (5, -7, NULL)");
    assertSameRowsAsH2(Constant.nullOf(BOOL), "NULL");
  }

  @Test
  void passesABatchOnUnchangedWhenEveryRowPasses() {
    try (FilterOperator filter =
        new FilterOperator(call(GREATER_THAN, BOOL, T.col("id"), lit(0)), T.schema(), allocator)) {
      VectorSchemaRoot batch = T.batch(allocator);
      List<VectorSchemaRoot> out = new ArrayList<>();
      filter.push(batch, out::add);
      assertThat(out).singleElement().isSameAs(batch);
      Batches.closeAll(out);
    }
  }

  @Test
  void dropsABatchWhenNoRowPasses() {
    try (FilterOperator filter =
        new FilterOperator(call(LESS_THAN, BOOL, T.col("id"), lit(0)), T.schema(), allocator)) {
      List<VectorSchemaRoot> out = new ArrayList<>();
      filter.push(T.batch(allocator), out::add);
      filter.finish(out::add);
      assertThat(out).isEmpty();
      assertThat(allocator.getAllocatedMemory()).isZero();
    }
  }

  @Test
  void filtersEveryBatchOfAStream() {
    try (FilterOperator filter =
        new FilterOperator(call(GREATER_THAN, BOOL, T.col("i"), lit(2)), T.schema(), allocator)) {
      List<VectorSchemaRoot> out = new ArrayList<>();
      for (int batch = 0; batch < 3; batch++) {
        filter.push(T.batch(allocator), out::add);
      }
      filter.finish(out::add);
      assertThat(out).hasSize(3);
      for (VectorSchemaRoot result : out) {
        assertThat(ids(result)).containsExactly(1, 5, 7, 8, 10);
      }
      Batches.closeAll(out);
    }
  }

  @Test
  void releasesTheBatchWhenTheConditionFails() {
    RowExpression condition =
        call(GREATER_THAN, BOOL, call(DIVIDE, DataType.INT, T.col("id"), T.col("z")), lit(1));
    try (FilterOperator filter = new FilterOperator(condition, T.schema(), allocator)) {
      VectorSchemaRoot batch = T.batch(allocator);
      assertThatThrownBy(() -> filter.push(batch, result -> {}))
          .isInstanceOf(LocusException.class)
          .hasMessage("Division by zero in (id / z)");
    }
    assertThat(allocator.getAllocatedMemory()).isZero();
  }

  /**
   * Batches of 1 to 64K rows, keeping none, few, half, most or all rows, with NULL values: the
   * result is exactly the rows a plain loop keeps, in order.
   */
  @Test
  void keepsTheRowsAPlainLoopKeepsInBatchesOfAnySize() {
    Schema schema =
        Schema.of(
            Field.nullable("x", DataType.BIGINT),
            Field.nullable("s", DataType.VARCHAR),
            Field.nullable("price", DataType.decimal(15, 2)));
    Random random = new Random(42);
    for (int size : new int[] {1, 63, 64, 65, 1000, 64 * 1024}) {
      List<List<Object>> rows = new ArrayList<>(size);
      for (int row = 0; row < size; row++) {
        Long x = random.nextInt(10) == 0 ? null : (long) random.nextInt(1000);
        String s = random.nextInt(10) == 0 ? null : "s" + random.nextInt(100_000);
        BigDecimal price = random.nextInt(10) == 0 ? null : BigDecimal.valueOf(row, 2);
        rows.add(Arrays.asList(x, s, price));
      }
      for (long threshold : new long[] {0, 20, 500, 980, 1000}) {
        RowExpression condition =
            call(LESS_THAN, BOOL, new InputRef(0, DataType.BIGINT), lit(threshold));
        List<List<Object>> expected = new ArrayList<>();
        for (List<Object> row : rows) {
          if (row.get(0) != null && (Long) row.get(0) < threshold) {
            expected.add(row);
          }
        }
        List<List<Object>> actual = new ArrayList<>();
        try (FilterOperator filter = new FilterOperator(condition, schema, allocator)) {
          filter.push(
              Batches.fromRows(schema, rows, allocator),
              result -> {
                try (result) {
                  actual.addAll(Batches.toRows(result));
                }
              });
          filter.finish(result -> {});
        }
        assertThat(actual).as("%s rows, x < %s", size, threshold).isEqualTo(expected);
      }
    }
  }

  @Test
  void rejectsAConditionThatIsNotBoolean() {
    assertThatThrownBy(() -> new FilterOperator(T.col("i"), T.schema(), allocator))
        .isInstanceOf(LocusException.class)
        .hasMessage("Filter condition must be BOOLEAN; found INT in i");
  }

  private void assertSameRowsAsH2(RowExpression condition, String sql) throws SQLException {
    List<Integer> expected = new ArrayList<>();
    try (Statement statement = h2.createStatement();
        ResultSet rows = statement.executeQuery("SELECT id FROM T WHERE " + sql + " ORDER BY id")) {
      while (rows.next()) {
        expected.add(rows.getInt(1));
      }
    }
    List<Integer> actual = new ArrayList<>();
    try (FilterOperator filter = new FilterOperator(condition, T.schema(), allocator)) {
      List<VectorSchemaRoot> out = new ArrayList<>();
      filter.push(T.batch(allocator), out::add);
      filter.finish(out::add);
      for (VectorSchemaRoot result : out) {
        assertThat(result.getSchema()).isEqualTo(T.schema().toArrow());
        assertThat(Batches.toRows(result)).allSatisfy(row -> assertThat(T.rows()).contains(row));
        actual.addAll(ids(result));
      }
      Batches.closeAll(out);
    }
    assertThat(actual).as(sql).isEqualTo(expected);
  }

  private static List<Integer> ids(VectorSchemaRoot batch) {
    List<Integer> ids = new ArrayList<>();
    for (List<Object> row : Batches.toRows(batch)) {
      ids.add((Integer) row.get(0));
    }
    return ids;
  }
}
