package dev.locus.adapters.spark.plugin;

import dev.locus.core.batch.Batches;
import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.source.BatchReader;
import dev.locus.core.source.SourceSplit;
import dev.locus.core.type.Schema;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;

/** A Locus split as one Arrow IPC stream, for Spark executors in other JVMs. */
final class ArrowIpc {
  private ArrowIpc() {}

  static byte[] write(
      SourceSplit split, List<Integer> columns, Schema schema, BufferAllocator allocator) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (BatchReader reader = split.open(allocator, columns, Batches.DEFAULT_BATCH_SIZE);
        VectorSchemaRoot out = VectorSchemaRoot.create(schema.toArrow(), allocator);
        ArrowStreamWriter writer = new ArrowStreamWriter(out, null, bytes)) {
      writer.start();
      VectorLoader loader = new VectorLoader(out);
      for (VectorSchemaRoot next = reader.next(); next != null; next = reader.next()) {
        try (VectorSchemaRoot batch = next;
            ArrowRecordBatch record = new VectorUnloader(batch).getRecordBatch()) {
          loader.load(record);
          writer.writeBatch();
        }
      }
      writer.end();
    } catch (IOException e) {
      throw new LocusException(
          ErrorCode.IO_ERROR,
          "Cannot write " + split.describe() + " as an Arrow stream for Spark: " + e,
          e);
    }
    return bytes.toByteArray();
  }
}
