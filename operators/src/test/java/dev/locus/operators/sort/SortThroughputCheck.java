package dev.locus.operators.sort;

import dev.locus.core.batch.Batches;
import dev.locus.core.plan.SortKey;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Field;
import dev.locus.core.type.Schema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A rough, JMH-free self-check of {@link SortOperator} throughput: sorts 1M random BIGINT rows (one
 * key column plus one BIGINT payload column) end to end — push, sort, gather into output batches —
 * and prints the median rows/s. Run with the test classpath; not a unit test.
 */
public final class SortThroughputCheck {
  private static final int ROWS = 1_000_000;

  private SortThroughputCheck() {}

  public static void main(String[] args) {
    Schema schema =
        Schema.of(
            Field.nullable("key", DataType.BIGINT), Field.nullable("payload", DataType.BIGINT));
    int warmups = 5;
    int runs = 10;
    for (List<SortKey> keys :
        List.of(
            List.of(SortKey.ascending(0)),
            List.of(SortKey.descending(0)),
            List.of(new SortKey(0, true, false), new SortKey(1, false, true)))) {
      long[] nanos = new long[runs];
      try (BufferAllocator allocator = new RootAllocator()) {
        for (int run = 0; run < warmups + runs; run++) {
          List<VectorSchemaRoot> input = randomBatches(schema, allocator, run);
          long[] sink = new long[1];
          long start = System.nanoTime();
          try (SortOperator sort = new SortOperator(keys, schema, allocator)) {
            for (VectorSchemaRoot batch : input) {
              sort.push(batch, out -> out.close());
            }
            sort.finish(
                out -> {
                  sink[0] += out.getRowCount();
                  out.close();
                });
          }
          long elapsed = System.nanoTime() - start;
          if (sink[0] != ROWS) {
            throw new IllegalStateException("Sorted " + sink[0] + " rows, expected " + ROWS);
          }
          if (run >= warmups) {
            nanos[run - warmups] = elapsed;
          }
        }
      }
      Arrays.sort(nanos);
      long median = nanos[runs / 2];
      System.out.printf(
          "%s: median %.1f ms for %,d rows = %,.0f rows/s (best %.1f ms)%n",
          keys, median / 1e6, ROWS, ROWS / (median / 1e9), nanos[0] / 1e6);
    }
  }

  private static List<VectorSchemaRoot> randomBatches(
      Schema schema, BufferAllocator allocator, long seed) {
    Random random = new Random(seed);
    List<VectorSchemaRoot> batches = new ArrayList<>();
    for (int start = 0; start < ROWS; start += Batches.DEFAULT_BATCH_SIZE) {
      int size = Math.min(Batches.DEFAULT_BATCH_SIZE, ROWS - start);
      VectorSchemaRoot batch = Batches.allocate(schema, allocator, size);
      BigIntVector keys = (BigIntVector) batch.getVector(0);
      BigIntVector payload = (BigIntVector) batch.getVector(1);
      for (int row = 0; row < size; row++) {
        // A few duplicates so that the two-key ordering has ties to break.
        keys.set(row, random.nextInt(8) == 0 ? random.nextInt(1000) : random.nextLong());
        payload.set(row, start + row);
      }
      keys.setValueCount(size);
      payload.setValueCount(size);
      batch.setRowCount(size);
      batches.add(batch);
    }
    return batches;
  }
}
