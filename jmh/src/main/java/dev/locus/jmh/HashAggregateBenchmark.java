package dev.locus.jmh;

import dev.locus.core.expr.AggregateFunction;
import dev.locus.core.plan.AggregateCall;
import dev.locus.core.source.memory.ArrowMemorySource;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Field;
import dev.locus.core.type.Schema;
import dev.locus.operators.aggregate.AggregationMode;
import dev.locus.operators.aggregate.HashAggregateOperator;
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
 * {@link HashAggregateOperator} in SINGLE mode: {@code SELECT k, sum(price), count(*) GROUP BY k}
 * over a BIGINT key with {@code groups} distinct values (uniform or Zipf-like) and a DECIMAL(15, 2)
 * value. Input batches are zero-copy views made per invocation outside the measurement ({@link
 * BenchmarkData}). Score: ms per {@code rows}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
// The fork inherits the launching JVM's flags (README: java $(cat .mvn/jvm.config) -jar ...).
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class HashAggregateBenchmark {
  private static final Schema SCHEMA =
      Schema.of(
          Field.notNull("k", DataType.BIGINT), Field.notNull("price", DataType.decimal(15, 2)));

  private static final List<AggregateCall> AGGREGATES =
      List.of(
          AggregateCall.of(AggregateFunction.SUM, 1, DataType.decimal(15, 2), false, "total"),
          AggregateCall.of(AggregateFunction.COUNT, -1, null, false, "rows"));

  @Param({"1000000"})
  public int rows;

  @Param({"4", "1000", "1000000"})
  public long groups;

  @Param({"UNIFORM", "ZIPF"})
  public Skew skew;

  private BufferAllocator allocator;
  private ArrowMemorySource data;
  private List<VectorSchemaRoot> input;

  @Setup(Level.Trial)
  public void generate() {
    allocator = new RootAllocator();
    data =
        BenchmarkData.source(
            "aggregate",
            SCHEMA,
            List.of(
                BenchmarkData.keys(rows, groups, skew, BenchmarkData.SEED),
                BenchmarkData.unscaled(rows, 10_000_000, BenchmarkData.SEED + 1)),
            rows,
            allocator);
  }

  @Setup(Level.Invocation)
  public void takeInput() {
    input = BenchmarkData.views(data, allocator);
  }

  @Benchmark
  public void aggregate(Blackhole blackhole) {
    Consumer<VectorSchemaRoot> out =
        batch -> {
          blackhole.consume(batch.getRowCount());
          batch.close();
        };
    try (HashAggregateOperator operator =
        new HashAggregateOperator(
            AggregationMode.SINGLE, SCHEMA, List.of(0), AGGREGATES, allocator)) {
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
