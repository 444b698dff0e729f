package dev.locus.core.batch;

import dev.locus.core.type.Schema;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.VarCharVector;
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
    VectorSchemaRoot target = VectorSchemaRoot.create(source.getSchema(), allocator);
    try {
      List<FieldVector> from = source.getFieldVectors();
      List<FieldVector> to = target.getFieldVectors();
      for (int column = 0; column < from.size(); column++) {
        gather(from.get(column), rows, count, to.get(column));
      }
      target.setRowCount(count);
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
  // hot path
  public static void gather(FieldVector from, int[] rows, int count, FieldVector to) {
    int capacity = Math.max(count, 1);
    if (from instanceof VarCharVector strings && to instanceof VarCharVector target) {
      long bytes = 0;
      for (int i = 0; i < count; i++) {
        int row = rows[i];
        if (row >= 0 && !strings.isNull(row)) {
          bytes += strings.getEndOffset(row) - strings.getStartOffset(row);
        }
      }
      target.allocateNew(Math.max(bytes, 1), capacity);
      ArrowBuf sourceData = strings.getDataBuffer();
      ArrowBuf targetData = target.getDataBuffer();
      ArrowBuf targetOffsets = target.getOffsetBuffer();
      ArrowBuf validity = target.getValidityBuffer();
      int offset = 0;
      targetOffsets.setInt(0, 0);
      for (int i = 0; i < count; i++) {
        int row = rows[i];
        if (row >= 0 && !strings.isNull(row)) {
          int start = strings.getStartOffset(row);
          int length = strings.getEndOffset(row) - start;
          targetData.setBytes(offset, sourceData, start, length);
          offset += length;
          BitVectorHelper.setBit(validity, i);
        }
        targetOffsets.setInt((long) (i + 1) * VarCharVector.OFFSET_WIDTH, offset);
      }
      target.setLastSet(count - 1);
      target.setValueCount(count);
      return;
    }
    if (from instanceof BitVector bits && to instanceof BitVector target) {
      target.allocateNew(capacity);
      for (int i = 0; i < count; i++) {
        int row = rows[i];
        if (row >= 0 && !bits.isNull(row)) {
          target.set(i, bits.get(row));
        }
      }
      target.setValueCount(count);
      return;
    }
    int width = fixedWidth(from);
    if (width > 0) {
      to.setInitialCapacity(capacity);
      to.allocateNew();
      ArrowBuf sourceData = from.getDataBuffer();
      ArrowBuf sourceValidity = from.getValidityBuffer();
      ArrowBuf targetData = to.getDataBuffer();
      ArrowBuf targetValidity = to.getValidityBuffer();
      for (int i = 0; i < count; i++) {
        int row = rows[i];
        if (row >= 0 && BitVectorHelper.get(sourceValidity, row) != 0) {
          if (width == 8) {
            targetData.setLong((long) i * 8, sourceData.getLong((long) row * 8));
          } else if (width == 4) {
            targetData.setInt((long) i * 4, sourceData.getInt((long) row * 4));
          } else {
            targetData.setLong((long) i * 16, sourceData.getLong((long) row * 16));
            targetData.setLong((long) i * 16 + 8, sourceData.getLong((long) row * 16 + 8));
          }
          BitVectorHelper.setBit(targetValidity, i);
        }
      }
      to.setValueCount(count);
      return;
    }
    // Any other vector: Arrow's own per-value copy.
    to.setInitialCapacity(capacity);
    to.allocateNew();
    for (int i = 0; i < count; i++) {
      int row = rows[i];
      if (row >= 0) {
        to.copyFromSafe(row, i, from);
      } else {
        to.setNull(i);
      }
    }
    to.setValueCount(count);
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
  // hot path
  public static void gather(
      List<FieldVector> sources, long[] batchAndRow, int from, int count, FieldVector to) {
    int capacity = Math.max(count, 1);
    int end = from + count;
    if (to instanceof VarCharVector target) {
      VarCharVector[] strings = sources.toArray(new VarCharVector[0]);
      long bytes = 0;
      for (int i = from; i < end; i++) {
        VarCharVector source = strings[(int) (batchAndRow[i] >>> 32)];
        int row = (int) batchAndRow[i];
        if (!source.isNull(row)) {
          bytes += source.getEndOffset(row) - source.getStartOffset(row);
        }
      }
      target.allocateNew(Math.max(bytes, 1), capacity);
      ArrowBuf targetData = target.getDataBuffer();
      ArrowBuf targetOffsets = target.getOffsetBuffer();
      ArrowBuf validity = target.getValidityBuffer();
      int offset = 0;
      targetOffsets.setInt(0, 0);
      for (int i = 0; i < count; i++) {
        long reference = batchAndRow[from + i];
        VarCharVector source = strings[(int) (reference >>> 32)];
        int row = (int) reference;
        if (!source.isNull(row)) {
          int start = source.getStartOffset(row);
          int length = source.getEndOffset(row) - start;
          targetData.setBytes(offset, source.getDataBuffer(), start, length);
          offset += length;
          BitVectorHelper.setBit(validity, i);
        }
        targetOffsets.setInt((long) (i + 1) * VarCharVector.OFFSET_WIDTH, offset);
      }
      target.setLastSet(count - 1);
      target.setValueCount(count);
      return;
    }
    if (to instanceof BitVector target) {
      BitVector[] bits = sources.toArray(new BitVector[0]);
      target.allocateNew(capacity);
      for (int i = 0; i < count; i++) {
        long reference = batchAndRow[from + i];
        BitVector source = bits[(int) (reference >>> 32)];
        int row = (int) reference;
        if (!source.isNull(row)) {
          target.set(i, source.get(row));
        }
      }
      target.setValueCount(count);
      return;
    }
    int width = fixedWidth(to);
    if (width > 0) {
      to.setInitialCapacity(capacity);
      to.allocateNew();
      ArrowBuf[] sourceData = new ArrowBuf[sources.size()];
      ArrowBuf[] sourceValidity = new ArrowBuf[sources.size()];
      for (int batch = 0; batch < sourceData.length; batch++) {
        sourceData[batch] = sources.get(batch).getDataBuffer();
        sourceValidity[batch] = sources.get(batch).getValidityBuffer();
      }
      ArrowBuf targetData = to.getDataBuffer();
      ArrowBuf targetValidity = to.getValidityBuffer();
      for (int i = 0; i < count; i++) {
        long reference = batchAndRow[from + i];
        int batch = (int) (reference >>> 32);
        long row = (int) reference;
        if (BitVectorHelper.get(sourceValidity[batch], (int) row) != 0) {
          ArrowBuf data = sourceData[batch];
          if (width == 8) {
            targetData.setLong((long) i * 8, data.getLong(row * 8));
          } else if (width == 4) {
            targetData.setInt((long) i * 4, data.getInt(row * 4));
          } else {
            targetData.setLong((long) i * 16, data.getLong(row * 16));
            targetData.setLong((long) i * 16 + 8, data.getLong(row * 16 + 8));
          }
          BitVectorHelper.setBit(targetValidity, i);
        }
      }
      to.setValueCount(count);
      return;
    }
    // Any other vector: Arrow's own per-value copy.
    to.setInitialCapacity(capacity);
    to.allocateNew();
    for (int i = 0; i < count; i++) {
      long reference = batchAndRow[from + i];
      to.copyFromSafe((int) reference, i, sources.get((int) (reference >>> 32)));
    }
    to.setValueCount(count);
  }

  /** Bytes per value of the fixed-width vectors Locus uses, or 0. */
  private static int fixedWidth(FieldVector vector) {
    if (vector instanceof BigIntVector
        || vector instanceof Float8Vector
        || vector instanceof TimeStampMicroVector) {
      return 8;
    }
    if (vector instanceof IntVector || vector instanceof DateDayVector) {
      return 4;
    }
    if (vector instanceof DecimalVector) {
      return 16;
    }
    return 0;
  }

  /** The first {@code count} rows from {@code offset} as a new batch. */
  public static VectorSchemaRoot slice(
      VectorSchemaRoot source, int offset, int count, BufferAllocator allocator) {
    int[] rows = new int[count];
    for (int i = 0; i < count; i++) {
      rows[i] = offset + i;
    }
    return gather(source, rows, count, allocator);
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
