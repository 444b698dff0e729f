package dev.locus.core.source;

import dev.locus.core.batch.Batches;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/** Test helpers that read whole sources. */
public final class SourceReads {
  private SourceReads() {}

  /** Every column of every split, in split order, as rows of Java values. */
  public static List<List<Object>> readAll(
      Source source, int parallelism, BufferAllocator allocator) {
    List<Integer> columns = IntStream.range(0, source.schema().size()).boxed().toList();
    return readAll(source, parallelism, columns, allocator, Batches.DEFAULT_BATCH_SIZE);
  }

  public static List<List<Object>> readAll(
      Source source,
      int parallelism,
      List<Integer> columns,
      BufferAllocator allocator,
      int batchSize) {
    List<List<Object>> rows = new ArrayList<>();
    for (SourceSplit split : source.splits(parallelism)) {
      rows.addAll(readSplit(split, columns, allocator, batchSize));
    }
    return rows;
  }

  public static List<List<Object>> readSplit(
      SourceSplit split, List<Integer> columns, BufferAllocator allocator, int batchSize) {
    List<List<Object>> rows = new ArrayList<>();
    try (BatchReader reader = split.open(allocator, columns, batchSize)) {
      for (VectorSchemaRoot batch = reader.next(); batch != null; batch = reader.next()) {
        try (VectorSchemaRoot owned = batch) {
          rows.addAll(Batches.toRows(batch));
        }
      }
    }
    return rows;
  }
}
