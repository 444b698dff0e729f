package dev.locus.jmh;

import dev.locus.core.batch.Batches;
import dev.locus.core.plan.Join;
import dev.locus.core.plan.JoinType;
import dev.locus.core.source.memory.ArrowMemorySource;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Field;
import dev.locus.core.type.Schema;
import dev.locus.operators.join.HashJoinOperator;
import dev.locus.operators.join.JoinHashTable;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.LongStream;
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
 * An INNER equi-join on a BIGINT key: {@link JoinHashTable#build} over {@code buildRows} rows with
 * unique keys, and {@link HashJoinOperator} probing it with {@code probeRows} rows whose keys
 * (uniform or Zipf-like over the build keys) all find exactly one match. {@code build} measures the
 * table build alone; {@code probe} streams the probe side through a table built once per trial.
 * Input batches are zero-copy views made per invocation outside the measurement ({@link
 * BenchmarkData}). Score: ms per build, or per {@code probeRows} probed.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
// The fork inherits the launching JVM's flags (README: java $(cat .mvn/jvm.config) -jar ...).
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class HashJoinBenchmark {
  private static final Schema BUILD =
      Schema.of(Field.notNull("bk", DataType.BIGINT), Field.notNull("bv", DataType.BIGINT));
  private static final Schema PROBE =
      Schema.of(Field.notNull("pk", DataType.BIGINT), Field.notNull("pv", DataType.decimal(15, 2)));

  @Param({"1000", "100000", "1000000"})
  public int buildRows;

  @Param({"1000000"})
  public int probeRows;

  @Param({"UNIFORM", "ZIPF"})
  public Skew skew;

  private BufferAllocator allocator;
  private ArrowMemorySource buildData;
  private ArrowMemorySource probeData;
  private JoinHashTable table;
  private List<VectorSchemaRoot> buildInput;
  private List<VectorSchemaRoot> probeInput;

  @Setup(Level.Trial)
  public void generate() {
    allocator = new RootAllocator();
    // Build keys 0..buildRows-1 in a fixed pseudo-random order.
    long[] keys = LongStream.range(0, buildRows).toArray();
    SplittableRandom random = new SplittableRandom(BenchmarkData.SEED);
    for (int i = keys.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      long swap = keys[i];
      keys[i] = keys[j];
      keys[j] = swap;
    }
    buildData =
        BenchmarkData.source(
            "build",
            BUILD,
            List.of(keys, BenchmarkData.unscaled(buildRows, 1_000_000, BenchmarkData.SEED + 1)),
            buildRows,
            allocator);
    probeData =
        BenchmarkData.source(
            "probe",
            PROBE,
            List.of(
                BenchmarkData.keys(probeRows, buildRows, skew, BenchmarkData.SEED + 2),
                BenchmarkData.unscaled(probeRows, 10_000_000, BenchmarkData.SEED + 3)),
            probeRows,
            allocator);
    table =
        JoinHashTable.build(
            BenchmarkData.views(buildData, allocator), BUILD, List.of(0), allocator);
  }

  @Setup(Level.Invocation)
  public void takeInput() {
    buildInput = BenchmarkData.views(buildData, allocator);
    probeInput = BenchmarkData.views(probeData, allocator);
  }

  @TearDown(Level.Invocation)
  public void releaseUnusedInput() {
    // Each benchmark consumes one of the two inputs; the other is released here.
    Batches.closeAll(buildInput);
    Batches.closeAll(probeInput);
  }

  @Benchmark
  public int build() {
    List<VectorSchemaRoot> batches = buildInput;
    buildInput = List.of();
    try (JoinHashTable built = JoinHashTable.build(batches, BUILD, List.of(0), allocator)) {
      return built.rowCount();
    }
  }

  @Benchmark
  public void probe(Blackhole blackhole) {
    Consumer<VectorSchemaRoot> out =
        batch -> {
          blackhole.consume(batch.getRowCount());
          batch.close();
        };
    List<VectorSchemaRoot> batches = probeInput;
    probeInput = List.of();
    try (HashJoinOperator operator =
        new HashJoinOperator(
            JoinType.INNER, table, List.of(0), Join.TRUE, PROBE, BUILD, allocator)) {
      for (VectorSchemaRoot batch : batches) {
        operator.push(batch, out);
      }
      operator.finish(out);
    }
  }

  @TearDown(Level.Trial)
  public void release() {
    table.close();
    buildData.close();
    probeData.close();
    allocator.close();
  }
}
