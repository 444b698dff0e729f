package dev.locus.jmh;

import static dev.locus.core.expr.Expressions.col;
import static dev.locus.core.expr.Expressions.lit;

import dev.locus.core.expr.ExpressionBinder;
import dev.locus.core.expr.RowExpression;
import dev.locus.core.source.memory.ArrowMemorySource;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Field;
import dev.locus.core.type.Schema;
import dev.locus.operators.filter.FilterOperator;
import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@link FilterOperator} over a BIGINT or DECIMAL(15, 2) column of uniformly spread values, keeping
 * a given fraction of the rows ({@code column < threshold}). Input batches are zero-copy views made
 * per invocation outside the measurement ({@link BenchmarkData}). Score: ms per {@code rows}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
// The fork inherits the launching JVM's flags (README: java $(cat .mvn/jvm.config) -jar ...).
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class FilterBenchmark {
  /** Values are uniform in [0, RANGE) (unscaled for the decimal column). */
  private static final long RANGE = 10_000_000;

  private static final Schema SCHEMA =
      Schema.of(
          Field.notNull("id", DataType.BIGINT), Field.notNull("price", DataType.decimal(15, 2)));

  @Param({"1000000"})
  public int rows;

  @Param({"BIGINT", "DECIMAL"})
  public String column;

  @Param({"0.01", "0.5", "0.99"})
  public double selectivity;

  private BufferAllocator allocator;
  private ArrowMemorySource data;
  private RowExpression condition;
  private List<VectorSchemaRoot> input;

  @Setup(Level.Trial)
  public void generate() {
    allocator = new RootAllocator();
    data =
        BenchmarkData.source(
            "filter",
            SCHEMA,
            List.of(
                BenchmarkData.unscaled(rows, RANGE, BenchmarkData.SEED),
                BenchmarkData.unscaled(rows, RANGE, BenchmarkData.SEED + 1)),
            rows,
            allocator);
    long threshold = (long) (selectivity * RANGE);
    condition =
        ExpressionBinder.bindCondition(
            column.equals("BIGINT")
                ? col("id").lt(lit(threshold))
                : col("price").lt(lit(BigDecimal.valueOf(threshold, 2))),
            SCHEMA,
            "Filter");
  }

  @Setup(Level.Invocation)
  public void takeInput() {
    input = BenchmarkData.views(data, allocator);
  }

  @Benchmark
  public void filter(Blackhole blackhole) {
    Consumer<VectorSchemaRoot> out =
        batch -> {
          blackhole.consume(batch.getRowCount());
          batch.close();
        };
    try (FilterOperator operator = new FilterOperator(condition, SCHEMA, allocator)) {
      for (VectorSchemaRoot batch : input) {
        operator.push(batch, out);
      }
      operator.finish(out);
    }
  }

  @TearDown(Level.Trial)
  public void release() {
    data.close();
    allocator.close();
  }
}
