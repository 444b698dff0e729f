package dev.locus.core.source.memory;

import static java.util.Objects.requireNonNull;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.source.BatchReader;
import dev.locus.core.source.Source;
import dev.locus.core.source.SourceSplit;
import dev.locus.core.type.Field;
import dev.locus.core.type.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.IntStream;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.ForeignAllocation;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.message.ArrowFieldNode;

/**
 * A source over Arrow batches held in memory, for benchmarks and tests that must not pay for
 * producing rows on every run.
 *
 * <p>Readers get their batches without copying: each batch handed out is a new {@link
 * VectorSchemaRoot} of the selected columns, allocated from the reader's allocator, whose vectors
 * point at the stored buffers. The receiver owns it and closes it as usual (the Locus contract);
 * closing releases only its references. Sharing across allocators of different roots (an executor
 * has its own {@code RootAllocator}) cannot use Arrow's ledger transfer, which requires one root,
 * so each stored buffer is wrapped as a {@link ForeignAllocation} of the reader's allocator that
 * holds one reference on the stored buffer and gives it back when released. The stored memory thus
 * lives until this source is closed <em>and</em> every handed-out batch is closed, and the reader's
 * allocator accounts the shared bytes while it holds them. Batches are handed out as stored (the
 * reader's batch size is ignored); a column without NULLs gets a fresh all-valid validity buffer
 * (an eighth of a byte per row), which is Arrow's way of loading such a vector.
 *
 * <p>Handed-out batches must be treated as read-only, as every Locus operator treats its input.
 */
public final class ArrowMemorySource implements Source, AutoCloseable {
  private final String name;
  private final Schema schema;
  private final List<VectorSchemaRoot> batches;
  private final int[][] nullCounts;
  private final long rowCount;
  private final List<List<Integer>> uniqueKeys;
  private boolean closed;

  /**
   * A source over batches of {@code schema}, taking ownership of them: {@link #close} closes them.
   */
  public ArrowMemorySource(String name, Schema schema, List<VectorSchemaRoot> batches) {
    this(name, schema, batches, List.of());
  }

  /** As above, with the sets of columns known to be unique together (see {@link #uniqueKeys}). */
  public ArrowMemorySource(
      String name, Schema schema, List<VectorSchemaRoot> batches, List<List<Integer>> uniqueKeys) {
    this.uniqueKeys = List.copyOf(requireNonNull(uniqueKeys, "uniqueKeys is null"));
    this.name = requireNonNull(name, "name is null");
    this.schema = requireNonNull(schema, "schema is null");
    this.batches = List.copyOf(requireNonNull(batches, "batches is null"));
    this.nullCounts = new int[this.batches.size()][];
    long rows = 0;
    org.apache.arrow.vector.types.pojo.Schema arrowSchema = schema.toArrow();
    for (int i = 0; i < this.batches.size(); i++) {
      VectorSchemaRoot batch = this.batches.get(i);
      if (!batch.getSchema().equals(arrowSchema)) {
        throw new LocusException(
            ErrorCode.INVALID_ARGUMENT,
            "Batch "
                + i
                + " of in-memory source '"
                + name
                + "' must have the schema "
                + schema
                + "; found "
                + Schema.fromArrow(batch.getSchema()));
      }
      List<FieldVector> vectors = batch.getFieldVectors();
      nullCounts[i] = new int[vectors.size()];
      for (int column = 0; column < vectors.size(); column++) {
        nullCounts[i][column] = vectors.get(column).getNullCount();
      }
      rows += batch.getRowCount();
    }
    this.rowCount = rows;
  }

  /**
   * Reads the listed columns (by name) of every split of {@code source} into memory, with batches
   * allocated from {@code allocator}. The result is named {@code memory:<source name>}.
   */
  public static ArrowMemorySource load(
      Source source, List<String> columns, BufferAllocator allocator, int batchSize) {
    requireNonNull(source, "source is null");
    requireNonNull(columns, "columns is null");
    requireNonNull(allocator, "allocator is null");
    List<Integer> indices = new ArrayList<>(columns.size());
    List<Field> fields = new ArrayList<>(columns.size());
    for (String column : columns) {
      int index = source.schema().indexOf(column, "in-memory copy of " + source.name());
      indices.add(index);
      fields.add(source.schema().field(index));
    }
    // Splits are read in parallel (generating TPC-H rows is slow), and kept in split order.
    List<SourceSplit> splits = source.splits(Runtime.getRuntime().availableProcessors());
    List<List<VectorSchemaRoot>> perSplit = new ArrayList<>();
    Queue<VectorSchemaRoot> read = new ConcurrentLinkedQueue<>();
    for (int i = 0; i < splits.size(); i++) {
      perSplit.add(new ArrayList<>());
    }
    try {
      IntStream.range(0, splits.size())
          .parallel()
          .forEach(
              i -> {
                try (BatchReader reader = splits.get(i).open(allocator, indices, batchSize)) {
                  VectorSchemaRoot batch;
                  while ((batch = reader.next()) != null) {
                    read.add(batch);
                    if (batch.getRowCount() > 0) {
                      perSplit.get(i).add(batch);
                    }
                  }
                }
              });
    } catch (RuntimeException e) {
      read.forEach(VectorSchemaRoot::close);
      throw e;
    }
    List<VectorSchemaRoot> batches = new ArrayList<>();
    perSplit.forEach(batches::addAll);
    read.stream().filter(batch -> batch.getRowCount() == 0).forEach(VectorSchemaRoot::close);
    // A unique key of the source stays one when all its columns were copied.
    List<List<Integer>> keys = new ArrayList<>();
    for (List<Integer> key : source.uniqueKeys()) {
      List<Integer> mapped = key.stream().map(indices::indexOf).toList();
      if (!mapped.contains(-1)) {
        keys.add(mapped);
      }
    }
    return new ArrowMemorySource("memory:" + source.name(), new Schema(fields), batches, keys);
  }

  @Override
  public List<List<Integer>> uniqueKeys() {
    return uniqueKeys;
  }

  /**
   * Reads every column of {@code source} into memory (see {@link #load(Source, List,
   * BufferAllocator, int)}).
   */
  public static ArrowMemorySource load(Source source, BufferAllocator allocator, int batchSize) {
    return load(source, source.schema().names(), allocator, batchSize);
  }

  /** The stored batches (still owned by this source: do not close them). */
  public List<VectorSchemaRoot> batches() {
    return batches;
  }

  public long rowCount() {
    return rowCount;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public long estimatedRows() {
    return rowCount;
  }

  /** At most {@code parallelism} splits; batch {@code i} goes to split {@code i % splits}. */
  @Override
  public List<SourceSplit> splits(int parallelism) {
    if (parallelism < 1) {
      throw new LocusException(
          ErrorCode.INVALID_ARGUMENT, "Parallelism must be at least 1; found " + parallelism);
    }
    int count = Math.max(1, Math.min(parallelism, batches.size()));
    List<SourceSplit> splits = new ArrayList<>(count);
    for (int split = 0; split < count; split++) {
      int first = split;
      splits.add(
          new MemorySplit(
              IntStream.iterate(first, i -> i < batches.size(), i -> i + count).toArray(),
              split,
              count));
    }
    return List.copyOf(splits);
  }

  /** Releases this source's references; handed-out batches stay valid until they are closed. */
  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      batches.forEach(VectorSchemaRoot::close);
    }
  }

  @Override
  public String toString() {
    return name;
  }

  private synchronized void checkOpen() {
    if (closed) {
      throw new LocusException(
          ErrorCode.INVALID_ARGUMENT, "In-memory source '" + name + "' is closed");
    }
  }

  private final class MemorySplit implements SourceSplit {
    private final int[] batchIndices;
    private final int split;
    private final int splitCount;

    MemorySplit(int[] batchIndices, int split, int splitCount) {
      this.batchIndices = batchIndices;
      this.split = split;
      this.splitCount = splitCount;
    }

    @Override
    public BatchReader open(BufferAllocator allocator, List<Integer> columns, int batchSize) {
      requireNonNull(allocator, "allocator is null");
      requireNonNull(columns, "columns is null");
      for (int column : columns) {
        if (column < 0 || column >= schema.size()) {
          throw new LocusException(
              ErrorCode.INVALID_ARGUMENT,
              "Column index for "
                  + name
                  + " must be in [0, "
                  + schema.size()
                  + "); found "
                  + column);
        }
      }
      checkOpen();
      int[] selected = columns.stream().mapToInt(Integer::intValue).toArray();
      return new BatchReader() {
        private int next;

        @Override
        public VectorSchemaRoot next() {
          if (next >= batchIndices.length) {
            return null;
          }
          checkOpen();
          int index = batchIndices[next++];
          return share(batches.get(index), nullCounts[index], selected, allocator);
        }

        @Override
        public void close() {
          next = batchIndices.length;
        }
      };
    }

    @Override
    public String describe() {
      return name + " split " + (split + 1) + " of " + splitCount;
    }

    @Override
    public String toString() {
      return describe();
    }
  }

  private static VectorSchemaRoot share(
      VectorSchemaRoot stored, int[] nullCounts, int[] columns, BufferAllocator allocator) {
    List<FieldVector> vectors = new ArrayList<>(columns.length);
    try {
      for (int column : columns) {
        vectors.add(share(stored.getVector(column), nullCounts[column], allocator));
      }
    } catch (RuntimeException e) {
      vectors.forEach(FieldVector::close);
      throw e;
    }
    VectorSchemaRoot root = new VectorSchemaRoot(vectors);
    root.setRowCount(stored.getRowCount());
    return root;
  }

  private static FieldVector share(FieldVector stored, int nullCount, BufferAllocator allocator) {
    FieldVector target = stored.getField().createVector(allocator);
    List<ArrowBuf> wrapped = new ArrayList<>(3);
    try {
      for (ArrowBuf buffer : stored.getFieldBuffers()) {
        wrapped.add(wrap(buffer, allocator));
      }
      // The vector takes references of its own on the buffers it keeps.
      target.loadFieldBuffers(new ArrowFieldNode(stored.getValueCount(), nullCount), wrapped);
      return target;
    } catch (RuntimeException e) {
      target.close();
      throw e;
    } finally {
      wrapped.forEach(ArrowBuf::close);
    }
  }

  /** The stored buffer's memory as a buffer of {@code allocator}, holding one reference on it. */
  private static ArrowBuf wrap(ArrowBuf buffer, BufferAllocator allocator) {
    if (buffer.capacity() == 0) {
      return allocator.getEmpty();
    }
    buffer.getReferenceManager().retain();
    try {
      return allocator.wrapForeignAllocation(
          new ForeignAllocation(buffer.capacity(), buffer.memoryAddress()) {
            @Override
            protected void release0() {
              buffer.getReferenceManager().release();
            }
          });
    } catch (RuntimeException e) {
      buffer.getReferenceManager().release();
      throw e;
    }
  }
}
