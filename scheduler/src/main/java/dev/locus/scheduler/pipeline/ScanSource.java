package dev.locus.scheduler.pipeline;

import dev.locus.core.source.BatchReader;
import dev.locus.core.source.SourceSplit;
import java.util.List;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/** Reads one split of a source. */
public final class ScanSource implements BatchSource {
  private final SourceSplit split;
  private final List<Integer> columns;
  private final int batchSize;
  private final BufferAllocator allocator;

  public ScanSource(
      SourceSplit split, List<Integer> columns, int batchSize, BufferAllocator allocator) {
    this.split = split;
    this.columns = List.copyOf(columns);
    this.batchSize = batchSize;
    this.allocator = allocator;
  }

  @Override
  public void produce(Consumer<Object> out) {
    try (BatchReader reader = split.open(allocator, columns, batchSize)) {
      VectorSchemaRoot batch;
      while ((batch = reader.next()) != null) {
        out.accept(batch);
      }
    }
  }
}
