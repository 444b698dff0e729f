package dev.locus.core.sink;

import dev.locus.core.type.Schema;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Where a {@link dev.locus.core.plan.Sink} writes. The executor opens one writer per partition and
 * commits the target once all partitions have finished.
 */
public interface SinkTarget {
  /** For explain: {@code csv:/tmp/out}. */
  String name();

  /** A writer for one partition's batches; the caller closes the batches it passes. */
  Writer open(Schema schema, int partition, int partitionCount);

  /** Called once after every partition's writer has been closed without error. */
  default void commit(int partitionCount) {}

  /** Writes one partition's batches. */
  interface Writer extends AutoCloseable {
    void write(VectorSchemaRoot batch);

    @Override
    void close();
  }
}
