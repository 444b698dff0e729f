package dev.locus.core.source;

import java.util.List;
import org.apache.arrow.memory.BufferAllocator;

/** One independently readable part of a {@link Source}. */
public interface SourceSplit {
  /**
   * Opens a reader of the listed columns (indices into the source's schema, in that order) that
   * allocates its batches from {@code allocator}.
   */
  BatchReader open(BufferAllocator allocator, List<Integer> columns, int batchSize);

  /** For explain and errors: file and byte range, table and key range. */
  String describe();
}
