package dev.locus.core.source;

import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Reads a split as Arrow batches. Each batch returned by {@link #next} belongs to the caller, who
 * closes it. Errors are {@link dev.locus.core.error.LocusException}s naming the source and
 * position.
 */
public interface BatchReader extends AutoCloseable {
  /** The next batch, or null at the end. */
  VectorSchemaRoot next();

  @Override
  void close();
}
