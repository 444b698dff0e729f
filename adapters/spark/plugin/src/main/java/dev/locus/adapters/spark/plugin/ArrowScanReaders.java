package dev.locus.adapters.spark.plugin;

import dev.locus.core.batch.Batches;
import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.source.BatchReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.vectorized.ArrowColumnVector;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/** The partition readers of {@link ArrowScanSource}: Arrow batches as Spark columnar batches. */
final class ArrowScanReaders {
  private ArrowScanReaders() {}

  /** Reads split {@code split} of a scan registered in this JVM, batch by batch. */
  static PartitionReader<ColumnarBatch> split(ArrowScanSource.Entry entry, int split) {
    BufferAllocator allocator =
        entry.allocator().newChildAllocator("spark-scan-" + split, 0, Long.MAX_VALUE);
    try {
      BatchReader reader =
          entry.splits().get(split).open(allocator, entry.columns(), Batches.DEFAULT_BATCH_SIZE);
      return new SplitReader(reader, allocator);
    } catch (RuntimeException e) {
      allocator.close();
      throw e;
    }
  }

  /** Reads an Arrow IPC stream carried by the partition. */
  static PartitionReader<ColumnarBatch> ipc(byte[] payload) {
    RootAllocator allocator = new RootAllocator();
    return new IpcReader(
        new ArrowStreamReader(new ByteArrayInputStream(payload), allocator), allocator);
  }

  private static ColumnarBatch columnar(VectorSchemaRoot root) {
    List<FieldVector> vectors = root.getFieldVectors();
    ColumnVector[] columns = new ColumnVector[vectors.size()];
    for (int i = 0; i < columns.length; i++) {
      columns[i] = new ArrowColumnVector(vectors.get(i));
    }
    return new ColumnarBatch(columns, root.getRowCount());
  }

  /** A Locus split: each batch is the source's own, closed when the next one is asked for. */
  private static final class SplitReader implements PartitionReader<ColumnarBatch> {
    private final BatchReader reader;
    private final BufferAllocator allocator;
    private VectorSchemaRoot current;

    SplitReader(BatchReader reader, BufferAllocator allocator) {
      this.reader = reader;
      this.allocator = allocator;
    }

    @Override
    public boolean next() {
      closeCurrent();
      current = reader.next();
      return current != null;
    }

    @Override
    public ColumnarBatch get() {
      return columnar(current);
    }

    private void closeCurrent() {
      if (current != null) {
        current.close();
        current = null;
      }
    }

    @Override
    public void close() {
      try {
        closeCurrent();
        reader.close();
      } finally {
        allocator.close();
      }
    }
  }

  /** A split sent as an Arrow IPC stream: one root, loaded with each batch in turn. */
  private static final class IpcReader implements PartitionReader<ColumnarBatch> {
    private final ArrowStreamReader reader;
    private final RootAllocator allocator;

    IpcReader(ArrowStreamReader reader, RootAllocator allocator) {
      this.reader = reader;
      this.allocator = allocator;
    }

    @Override
    public boolean next() throws IOException {
      return reader.loadNextBatch();
    }

    @Override
    public ColumnarBatch get() {
      try {
        return columnar(reader.getVectorSchemaRoot());
      } catch (IOException e) {
        throw new LocusException(
            ErrorCode.IO_ERROR, "Cannot read a Locus scan's Arrow stream in Spark: " + e, e);
      }
    }

    @Override
    public void close() throws IOException {
      try {
        reader.close();
      } finally {
        allocator.close();
      }
    }
  }
}
