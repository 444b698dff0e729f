package dev.locus.adapters.flink;

import static dev.locus.core.expr.Expressions.countStar;

import dev.locus.core.api.Locus;
import dev.locus.core.batch.Batches;
import dev.locus.core.plan.LogicalPlan;
import dev.locus.core.platform.Platform;
import dev.locus.core.source.BatchReader;
import dev.locus.core.source.Source;
import dev.locus.core.source.memory.ArrowMemorySource;
import dev.locus.core.source.tpch.TpchSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;

/**
 * Rows per second through the embedded Flink: about 1M TPC-H lineitem rows (in memory, Arrow) into
 * a Flink job and a count back ("in"), and five of their columns back out through collect into
 * Arrow batches ("out"). Not a test and not run by the build (its name matches no include); run it
 * with {@code mvn -B -o -q -pl adapters/flink -am test -Dtest=FlinkThroughputBench
 * -Dsurefire.failIfNoSpecifiedTests=false}. Medians of 5 runs after 2 warm-up runs.
 */
class FlinkThroughputBench {
  private static final double SCALE_FACTOR = 0.1667;
  private static final int WARMUP = 2;
  private static final int RUNS = 5;

  @Test
  void measuresRowsPerSecondInAndOut() {
    try (BufferAllocator allocator = new RootAllocator();
        ArrowMemorySource lineitem =
            ArrowMemorySource.load(
                TpchSource.table("lineitem", SCALE_FACTOR), allocator, Batches.DEFAULT_BATCH_SIZE);
        Locus locus = Locus.local();
        Platform platform = new FlinkPlatformFactory().create(Map.of())) {
      long rows = lineitem.rowCount();
      LogicalPlan count = locus.read(lineitem).agg(countStar().as("n")).plan();
      LogicalPlan out =
          locus
              .read(lineitem)
              .select("l_orderkey", "l_partkey", "l_quantity", "l_extendedprice", "l_shipdate")
              .plan();
      report("in  (count of " + rows + " rows)", rows, () -> drain(platform.run(count), allocator));
      report(
          "out (" + rows + " rows x 5 columns)", rows, () -> drain(platform.run(out), allocator));
    }
  }

  private static void report(String what, long rows, java.util.function.LongSupplier run) {
    for (int i = 0; i < WARMUP; i++) {
      run.getAsLong();
    }
    double[] seconds = new double[RUNS];
    long result = 0;
    for (int i = 0; i < RUNS; i++) {
      long start = System.nanoTime();
      result = run.getAsLong();
      seconds[i] = (System.nanoTime() - start) / 1e9;
    }
    Arrays.sort(seconds);
    double median = seconds[RUNS / 2];
    System.out.printf(
        "FLINK-BENCH %s: median %.3f s, %.0f rows/s (result rows %d; runs %s)%n",
        what, median, rows / median, result, Arrays.toString(seconds));
  }

  /** Reads every batch of the source's one split; the row count read. */
  private static long drain(Source source, BufferAllocator allocator) {
    List<Integer> columns =
        new ArrayList<>(IntStream.range(0, source.schema().size()).boxed().toList());
    long rows = 0;
    try (BatchReader reader =
        source.splits(1).get(0).open(allocator, columns, Batches.DEFAULT_BATCH_SIZE)) {
      VectorSchemaRoot batch;
      while ((batch = reader.next()) != null) {
        try (VectorSchemaRoot owned = batch) {
          rows += owned.getRowCount();
        }
      }
    }
    return rows;
  }
}
