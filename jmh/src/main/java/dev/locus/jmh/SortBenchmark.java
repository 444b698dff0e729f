package dev.locus.jmh;

import dev.locus.core.plan.SortKey;
import dev.locus.core.source.memory.ArrowMemorySource;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Field;
import dev.locus.core.type.Schema;
import dev.locus.operators.sort.SortOperator;
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
 * {@link SortOperator} ordering {@code rows} rows (a key and a BIGINT payload) by a BIGINT or
 * VARCHAR key, ascending. Keys are uniform over {@code rows} values or Zipf-like (many duplicates);
 * VARCHAR keys are the BIGINT keys written as 12-character strings with a common prefix. Input
 * batches are zero-copy views made per invocation outside the measurement ({@link BenchmarkData}).
 * Score: ms per {@code rows}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
// The fork inherits the launching JVM's flags (README: java $(cat .mvn/jvm.config) -jar ...).
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SortBenchmark {
  @Param({"1000000"})
  public int rows;

  @Param({"BIGINT", "VARCHAR"})
  public String keyType;

  @Param({"UNIFORM", "ZIPF"})
  public Skew skew;

  private BufferAllocator allocator;
  private Schema schema;
  private ArrowMemorySource data;
  private List<VectorSchemaRoot> input;

  @Setup(Level.Trial)
  public void generate() {
    allocator = new RootAllocator();
    long[] keys = BenchmarkData.keys(rows, rows, skew, BenchmarkData.SEED);
    Object keyColumn = keys;
    DataType type = DataType.BIGINT;
    if (keyType.equals("VARCHAR")) {
      String[] strings = new String[rows];
      for (int i = 0; i < rows; i++) {
        strings[i] = String.format("key-%08d", keys[i]);
      }
      keyColumn = strings;
      type = DataType.VARCHAR;
    }
    schema = Schema.of(Field.notNull("k", type), Field.notNull("payload", DataType.BIGINT));
    data =
        BenchmarkData.source(
            "sort",
            schema,
            List.of(
                keyColumn, BenchmarkData.unscaled(rows, Long.MAX_VALUE, BenchmarkData.SEED + 1)),
            rows,
            allocator);
  }

  @Setup(Level.Invocation)
  public void takeInput() {
    input = BenchmarkData.views(data, allocator);
  }

  @Benchmark
  public void sort(Blackhole blackhole) {
    Consumer<VectorSchemaRoot> out =
        batch -> {
          blackhole.consume(batch.getRowCount());
          batch.close();
        };
    try (SortOperator operator =
        new SortOperator(List.of(SortKey.ascending(0)), schema, allocator)) {
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
