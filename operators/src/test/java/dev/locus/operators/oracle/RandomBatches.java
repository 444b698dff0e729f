package dev.locus.operators.oracle;

import dev.locus.core.batch.Batches;
import dev.locus.core.type.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/** Cuts rows into Arrow batches of random sizes. */
public final class RandomBatches {
  private RandomBatches() {}

  public static List<VectorSchemaRoot> split(
      Schema schema,
      List<? extends List<?>> rows,
      int maxBatchSize,
      Random random,
      BufferAllocator allocator) {
    List<VectorSchemaRoot> batches = new ArrayList<>();
    int from = 0;
    while (from < rows.size()) {
      int size = Math.min(rows.size() - from, 1 + random.nextInt(maxBatchSize));
      batches.add(Batches.fromRows(schema, rows.subList(from, from + size), allocator));
      from += size;
    }
    return batches;
  }
}
