package dev.locus.core.batch;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.type.Schema;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/** Making, copying and reading whole Arrow batches of Locus schemas. */
public final class Batches {
  /** Default rows per batch: big enough to amortize per-batch work, small enough for caches. */
  public static final int DEFAULT_BATCH_SIZE = 64 * 1024;

  private Batches() {}

  /** An empty batch of a schema with room for {@code capacity} rows (value count 0). */
  public static VectorSchemaRoot allocate(Schema schema, BufferAllocator allocator, int capacity) {
    VectorSchemaRoot root = VectorSchemaRoot.create(schema.toArrow(), allocator);
    for (FieldVector vector : root.getFieldVectors()) {
      vector.setInitialCapacity(capacity);
      vector.allocateNew();
    }
    return root;
  }

  /** A batch holding rows of Java values (see {@link dev.locus.core.type.DataType}). */
  public static VectorSchemaRoot fromRows(
      Schema schema, List<? extends List<?>> rows, BufferAllocator allocator) {
    VectorSchemaRoot root = allocate(schema, allocator, Math.max(rows.size(), 1));
    try {
      List<FieldVector> vectors = root.getFieldVectors();
      for (int row = 0; row < rows.size(); row++) {
        List<?> values = rows.get(row);
        for (int column = 0; column < vectors.size(); column++) {
          Vectors.setObject(vectors.get(column), row, values.get(column));
        }
      }
      root.setRowCount(rows.size());
      return root;
    } catch (RuntimeException e) {
      root.close();
      throw e;
    }
  }

  /** The rows of a batch as lists of Java values (nulls included). */
  public static List<List<Object>> toRows(VectorSchemaRoot root) {
    List<FieldVector> vectors = root.getFieldVectors();
    List<List<Object>> rows = new ArrayList<>(root.getRowCount());
    for (int row = 0; row < root.getRowCount(); row++) {
      List<Object> values = new ArrayList<>(vectors.size());
      for (FieldVector vector : vectors) {
        values.add(Vectors.getObject(vector, row));
      }
      rows.add(values);
    }
    return rows;
  }

  /**
   * A new batch with the rows {@code rows[0..count)} of {@code source}, in that order (a row may
   * repeat). {@code rows[i] < 0} makes an all-NULL row (outer joins).
   */
  public static VectorSchemaRoot gather(
      VectorSchemaRoot source, int[] rows, int count, BufferAllocator allocator) {
    return gather(source, Gather.Selection.of(rows, count), allocator);
  }

  private static VectorSchemaRoot gather(
      VectorSchemaRoot source, Gather.Selection selection, BufferAllocator allocator) {
    VectorSchemaRoot target = VectorSchemaRoot.create(source.getSchema(), allocator);
    try {
      List<FieldVector> from = source.getFieldVectors();
      List<FieldVector> to = target.getFieldVectors();
      for (int column = 0; column < from.size(); column++) {
        Gather.gather(from.get(column), selection, to.get(column));
      }
      target.setRowCount(selection.count);
      return target;
    } catch (RuntimeException e) {
      target.close();
      throw e;
    }
  }

  /**
   * Copies {@code from[rows[i]]} to {@code to[i]} for i in [0, count) into a freshly created
   * (unallocated or empty) vector of the same type, and sets its value count. Negative row indices
   * write NULL.
   */
  public static void gather(FieldVector from, int[] rows, int count, FieldVector to) {
    Gather.gather(from, Gather.Selection.of(rows, count), to);
  }

  /**
   * A new batch of {@code schema} with the rows {@code batchAndRow[from..from+count)} taken from
   * several sources, in that order. Each reference packs a source index (high 32 bits) and a row
   * within it (low 32 bits); see {@link #rowReference}. The sources must all have {@code schema}'s
   * column types.
   */
  public static VectorSchemaRoot gather(
      Schema schema,
      List<VectorSchemaRoot> sources,
      long[] batchAndRow,
      int from,
      int count,
      BufferAllocator allocator) {
    VectorSchemaRoot target = VectorSchemaRoot.create(schema.toArrow(), allocator);
    try {
      List<FieldVector> to = target.getFieldVectors();
      List<FieldVector> columnSources = new ArrayList<>(sources.size());
      for (int column = 0; column < to.size(); column++) {
        columnSources.clear();
        for (VectorSchemaRoot source : sources) {
          columnSources.add(source.getVector(column));
        }
        gather(columnSources, batchAndRow, from, count, to.get(column));
      }
      target.setRowCount(count);
      return target;
    } catch (RuntimeException e) {
      target.close();
      throw e;
    }
  }

  /** A reference to row {@code row} of source batch {@code batch}, for the multi-source gather. */
  public static long rowReference(int batch, int row) {
    return ((long) batch << 32) | (row & 0xFFFFFFFFL);
  }

  /** The source batch of a {@link #rowReference}. */
  public static int referencedBatch(long reference) {
    return (int) (reference >>> 32);
  }

  /** The row within its batch of a {@link #rowReference}. */
  public static int referencedRow(long reference) {
    return (int) reference;
  }

  /**
   * Copies the referenced rows {@code batchAndRow[from..from+count)} of vectors {@code sources}
   * (one per source batch, all of one type) into {@code to[0..count)}, a freshly created vector of
   * that type, and sets its value count.
   */
  public static void gather(
      List<FieldVector> sources, long[] batchAndRow, int from, int count, FieldVector to) {
    Gather.checkReferences(sources, batchAndRow, from, count);
    Gather.gather(sources, batchAndRow, from, count, to);
  }

  /** The first {@code count} rows from {@code offset} as a new batch. */
  public static VectorSchemaRoot slice(
      VectorSchemaRoot source, int offset, int count, BufferAllocator allocator) {
    if (offset < 0 || count < 0 || (long) offset + count > source.getRowCount()) {
      throw new LocusException(
          ErrorCode.INTERNAL_ERROR,
          "Slice ["
              + offset
              + ", "
              + ((long) offset + count)
              + ") must lie within the "
              + source.getRowCount()
              + " rows of the batch");
    }
    return gather(source, Gather.Selection.range(offset, count), allocator);
  }

  /** Closes every batch, keeping the first failure. */
  public static void closeAll(Iterable<? extends AutoCloseable> batches) {
    RuntimeException failure = null;
    for (AutoCloseable batch : batches) {
      try {
        batch.close();
      } catch (Exception e) {
        if (failure == null) {
          failure = new IllegalStateException("Failed to release a batch", e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
