package dev.locus.operators.expr;

import static dev.locus.operators.expr.SampleTable.call;
import static dev.locus.operators.expr.SampleTable.dec;
import static dev.locus.operators.expr.SampleTable.lit;

import dev.locus.core.batch.Batches;
import dev.locus.core.batch.Decimals;
import dev.locus.core.expr.InputRef;
import dev.locus.core.expr.RowExpression;
import dev.locus.core.expr.ScalarFunction;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Field;
import dev.locus.core.type.Schema;
import dev.locus.operators.filter.FilterOperator;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A rough self-measurement of the evaluator (not a benchmark: run by hand with {@code main}; the
 * JMH module holds the real ones). Prints nanoseconds per row for TPC-H-like expressions and a
 * plain-Java loop over the same values for scale.
 */
public final class EvaluatorMeasurement {
  private static final int ROWS = Batches.DEFAULT_BATCH_SIZE;

  private EvaluatorMeasurement() {}

  public static void main(String[] args) {
    Schema schema =
        Schema.of(
            Field.nullable("quantity", DataType.decimal(15, 2)),
            Field.nullable("price", DataType.decimal(15, 2)),
            Field.nullable("discount", DataType.decimal(15, 2)),
            Field.nullable("key", DataType.BIGINT));
    try (BufferAllocator allocator = new RootAllocator();
        VectorSchemaRoot batch = Batches.allocate(schema, allocator, ROWS)) {
      Random random = new Random(42);
      for (int row = 0; row < ROWS; row++) {
        Decimals.setUnscaled((DecimalVector) batch.getVector(0), row, 100 + random.nextInt(4900));
        Decimals.setUnscaled(
            (DecimalVector) batch.getVector(1), row, 90_000 + random.nextInt(10_000_000));
        Decimals.setUnscaled((DecimalVector) batch.getVector(2), row, random.nextInt(11));
        ((BigIntVector) batch.getVector(3)).set(row, random.nextInt(1_000_000));
      }
      for (FieldVector vector : batch.getFieldVectors()) {
        vector.setValueCount(ROWS);
      }
      batch.setRowCount(ROWS);

      DataType money = DataType.decimal(15, 2);
      RowExpression quantity = new InputRef(0, money);
      RowExpression price = new InputRef(1, money);
      RowExpression discount = new InputRef(2, money);
      RowExpression key = new InputRef(3, DataType.BIGINT);
      RowExpression lessThan =
          call(ScalarFunction.LESS_THAN, DataType.BOOLEAN, quantity, dec("24.00"));
      RowExpression keyTest =
          call(ScalarFunction.GREATER_THAN, DataType.BOOLEAN, key, lit(500_000L));
      RowExpression revenue =
          call(
              ScalarFunction.MULTIPLY,
              DataType.decimal(31, 4),
              price,
              call(ScalarFunction.SUBTRACT, DataType.decimal(16, 2), dec("1.00"), discount));
      RowExpression between =
          call(
              ScalarFunction.AND,
              DataType.BOOLEAN,
              call(ScalarFunction.GREATER_THAN_OR_EQUAL, DataType.BOOLEAN, discount, dec("0.05")),
              call(ScalarFunction.LESS_THAN_OR_EQUAL, DataType.BOOLEAN, discount, dec("0.07")));

      measure("quantity < 24.00", lessThan, schema, batch, allocator);
      measure("key > 500000", keyTest, schema, batch, allocator);
      measure("price * (1 - discount)", revenue, schema, batch, allocator);
      measure("discount BETWEEN 0.05 AND 0.07", between, schema, batch, allocator);
      measureFilter("filter quantity < 24.00", lessThan, schema, batch, allocator);
      measurePlainLoop(batch);
    }
  }

  private static void measure(
      String name,
      RowExpression expression,
      Schema schema,
      VectorSchemaRoot batch,
      BufferAllocator allocator) {
    ExpressionEvaluator evaluator = ExpressionEvaluator.compile(expression, schema);
    int iterations = 1000;
    long best = Long.MAX_VALUE;
    for (int round = 0; round < 6; round++) {
      long start = System.nanoTime();
      for (int i = 0; i < iterations; i++) {
        evaluator.evaluate(batch, allocator).close();
      }
      best = Math.min(best, System.nanoTime() - start);
    }
    System.out.printf("%-36s %6.2f ns/row (best of 6)%n", name, (double) best / iterations / ROWS);
  }

  private static void measureFilter(
      String name,
      RowExpression condition,
      Schema schema,
      VectorSchemaRoot batch,
      BufferAllocator allocator) {
    int iterations = 1000;
    try (FilterOperator filter = new FilterOperator(condition, schema, allocator)) {
      for (int round = 0; round < 2; round++) {
        long start = System.nanoTime();
        for (int i = 0; i < iterations; i++) {
          VectorSchemaRoot copy = Batches.slice(batch, 0, ROWS, allocator);
          filter.push(copy, VectorSchemaRoot::close);
        }
        long elapsed = System.nanoTime() - start;
        if (round == 1) {
          System.out.printf(
              "%-36s %6.2f ns/row (with copying the input)%n",
              name, (double) elapsed / iterations / ROWS);
        }
      }
    }
  }

  private static void measurePlainLoop(VectorSchemaRoot batch) {
    long[] price = new long[ROWS];
    long[] discount = new long[ROWS];
    for (int row = 0; row < ROWS; row++) {
      price[row] = Decimals.getUnscaled((DecimalVector) batch.getVector(1), row);
      discount[row] = Decimals.getUnscaled((DecimalVector) batch.getVector(2), row);
    }
    long[] out = new long[ROWS];
    int iterations = 2000;
    long sink = 0;
    for (int round = 0; round < 2; round++) {
      long start = System.nanoTime();
      for (int i = 0; i < iterations; i++) {
        for (int row = 0; row < ROWS; row++) {
          out[row] = Math.multiplyExact(price[row], 100 - discount[row]);
        }
        sink += out[i % ROWS];
      }
      long elapsed = System.nanoTime() - start;
      if (round == 1) {
        System.out.printf(
            "%-36s %6.2f ns/row (plain long[] loop) %d%n",
            "price * (1 - discount)", (double) elapsed / iterations / ROWS, sink & 1);
      }
    }
  }
}
