package dev.locus.cluster.coordinator;

import dev.locus.core.batch.Batches;
import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.type.Schema;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;

/** A job's result rows as an Arrow IPC stream and back. */
public final class ResultCodec {
  private static final int ROWS_PER_BATCH = 64 * 1024;

  private ResultCodec() {}

  /** Rows of Java values (see {@code DataType}) as an Arrow IPC stream of {@code schema}. */
  public static byte[] encode(Schema schema, List<List<Object>> rows, BufferAllocator allocator) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (VectorSchemaRoot root = VectorSchemaRoot.create(schema.toArrow(), allocator);
        ArrowStreamWriter writer = new ArrowStreamWriter(root, null, Channels.newChannel(out))) {
      writer.start();
      VectorLoader loader = new VectorLoader(root);
      for (int start = 0; start < rows.size() || start == 0; start += ROWS_PER_BATCH) {
        List<List<Object>> chunk =
            rows.subList(start, Math.min(rows.size(), start + ROWS_PER_BATCH));
        try (VectorSchemaRoot batch = Batches.fromRows(schema, chunk, allocator);
            ArrowRecordBatch record = new VectorUnloader(batch).getRecordBatch()) {
          loader.load(record);
        }
        writer.writeBatch();
        if (rows.isEmpty()) {
          break;
        }
      }
      writer.end();
    } catch (IOException e) {
      throw new LocusException(ErrorCode.INTERNAL_ERROR, "Cannot encode a result: " + e, e);
    }
    return out.toByteArray();
  }

  /** A decoded result: its schema and rows. */
  public record Decoded(Schema schema, List<List<Object>> rows) {}

  public static Decoded decode(byte[] arrow, BufferAllocator allocator) {
    List<List<Object>> rows = new ArrayList<>();
    try (ArrowStreamReader reader =
        new ArrowStreamReader(new ByteArrayInputStream(arrow), allocator)) {
      VectorSchemaRoot root = reader.getVectorSchemaRoot();
      Schema schema = Schema.fromArrow(root.getSchema());
      while (reader.loadNextBatch()) {
        rows.addAll(Batches.toRows(root));
      }
      return new Decoded(schema, rows);
    } catch (IOException e) {
      throw new LocusException(ErrorCode.INTERNAL_ERROR, "Cannot decode a result: " + e, e);
    }
  }
}
