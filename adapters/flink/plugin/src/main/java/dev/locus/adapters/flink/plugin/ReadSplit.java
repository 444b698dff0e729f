package dev.locus.adapters.flink.plugin;

import dev.locus.core.batch.Vectors;
import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.source.BatchReader;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;

/**
 * Reads one split of a registered Locus source (by index) inside a Flink task and emits its rows:
 * the embedded MiniCluster's way in, with no copy of the data in the job graph. One Arrow batch of
 * the split is in memory at a time.
 *
 * <p>An {@link Error} of the Locus source leaves as a {@link LocusException}: Flink's {@code Task}
 * halts the JVM on an {@code InternalError} or {@code UnknownError} that a task throws, whatever
 * the configuration, and the MiniCluster shares the JVM with Locus.
 */
final class ReadSplit implements FlatMapFunction<Integer, Row> {
  private static final long serialVersionUID = 1L;
  private static final int BATCH_SIZE = 8192;

  private final String key;

  ReadSplit(String key) {
    this.key = key;
  }

  @Override
  public void flatMap(Integer split, Collector<Row> out) {
    SplitRegistry.Entry entry = SplitRegistry.get(key);
    try (BufferAllocator allocator = new RootAllocator();
        BatchReader reader =
            entry.splits().get(split).open(allocator, entry.columns(), BATCH_SIZE)) {
      VectorSchemaRoot batch;
      while ((batch = reader.next()) != null) {
        try (VectorSchemaRoot owned = batch) {
          emit(owned, out);
        }
      }
    } catch (Error e) {
      throw new LocusException(
          e instanceof OutOfMemoryError ? ErrorCode.OUT_OF_MEMORY : ErrorCode.INTERNAL_ERROR,
          "Flink task failed reading split " + split + " of " + entry.sourceName() + ": " + e,
          e);
    }
  }

  private static void emit(VectorSchemaRoot batch, Collector<Row> out) {
    List<FieldVector> vectors = batch.getFieldVectors();
    int width = vectors.size();
    for (int row = 0; row < batch.getRowCount(); row++) {
      Row values = new Row(width);
      for (int column = 0; column < width; column++) {
        values.setField(column, Vectors.getObject(vectors.get(column), row));
      }
      out.collect(values);
    }
  }
}
