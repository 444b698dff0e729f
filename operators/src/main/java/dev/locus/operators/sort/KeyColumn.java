package dev.locus.operators.sort;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.type.DataType;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;

/**
 * One sort key's column across several batches, read straight from the Arrow buffers. Values are
 * compared ascending and without regard to NULL; {@link RowComparator} applies direction and NULL
 * placement. Each subclass is specialized for one physical layout so that comparisons neither box
 * nor allocate.
 *
 * <p>A <em>prefix</em> is a {@code long} whose signed order agrees with the values' order: {@code
 * prefix(a) < prefix(b)} implies {@code a < b}. When {@link #prefixExact()} is true, equal prefixes
 * also mean equal values, so the prefix alone sorts the column.
 */
abstract class KeyColumn {
  private final ArrowBuf[] validity;

  KeyColumn(List<FieldVector> vectors) {
    validity = new ArrowBuf[vectors.size()];
    for (int batch = 0; batch < validity.length; batch++) {
      validity[batch] = vectors.get(batch).getValidityBuffer();
    }
  }

  /** The key column of a type over one vector per batch. */
  static KeyColumn of(DataType type, List<FieldVector> vectors) {
    return switch (type.kind()) {
      case INT, DATE -> new IntKey(vectors);
      case BIGINT, TIMESTAMP -> new LongKey(vectors);
      case DOUBLE -> new DoubleKey(vectors);
      case BOOLEAN -> new BooleanKey(vectors);
      case DECIMAL -> new DecimalKey(vectors);
      case VARCHAR -> new VarCharKey(vectors);
      case OBJECT ->
          throw new LocusException(
              ErrorCode.INTERNAL_ERROR, "OBJECT columns have no Arrow sort key");
    };
  }

  final boolean isNull(int batch, int row) {
    return BitVectorHelper.get(validity[batch], row) == 0;
  }

  /** Compares two non-null values, ascending. */
  abstract int compare(int leftBatch, int leftRow, int rightBatch, int rightRow);

  /** The order-preserving prefix of a non-null value. */
  abstract long prefix(int batch, int row);

  /** Whether equal prefixes of the values seen so far mean equal values. */
  abstract boolean prefixExact();

  private static ArrowBuf[] dataBuffers(List<FieldVector> vectors) {
    ArrowBuf[] data = new ArrowBuf[vectors.size()];
    for (int batch = 0; batch < data.length; batch++) {
      data[batch] = vectors.get(batch).getDataBuffer();
    }
    return data;
  }

  /** INT and DATE: 32-bit signed values. */
  static final class IntKey extends KeyColumn {
    private final ArrowBuf[] data;

    IntKey(List<FieldVector> vectors) {
      super(vectors);
      data = dataBuffers(vectors);
    }

    @Override
    int compare(int leftBatch, int leftRow, int rightBatch, int rightRow) {
      return Integer.compare(
          data[leftBatch].getInt((long) leftRow * 4), data[rightBatch].getInt((long) rightRow * 4));
    }

    @Override
    long prefix(int batch, int row) {
      return data[batch].getInt((long) row * 4);
    }

    @Override
    boolean prefixExact() {
      return true;
    }
  }

  /** BIGINT and TIMESTAMP: 64-bit signed values. */
  static final class LongKey extends KeyColumn {
    private final ArrowBuf[] data;

    LongKey(List<FieldVector> vectors) {
      super(vectors);
      data = dataBuffers(vectors);
    }

    @Override
    int compare(int leftBatch, int leftRow, int rightBatch, int rightRow) {
      return Long.compare(
          data[leftBatch].getLong((long) leftRow * 8),
          data[rightBatch].getLong((long) rightRow * 8));
    }

    @Override
    long prefix(int batch, int row) {
      return data[batch].getLong((long) row * 8);
    }

    @Override
    boolean prefixExact() {
      return true;
    }
  }

  /** DOUBLE, in {@link Double#compare} order: -0.0 before 0.0, NaN after +Infinity. */
  static final class DoubleKey extends KeyColumn {
    private final ArrowBuf[] data;

    DoubleKey(List<FieldVector> vectors) {
      super(vectors);
      data = dataBuffers(vectors);
    }

    @Override
    int compare(int leftBatch, int leftRow, int rightBatch, int rightRow) {
      return Double.compare(
          data[leftBatch].getDouble((long) leftRow * 8),
          data[rightBatch].getDouble((long) rightRow * 8));
    }

    @Override
    long prefix(int batch, int row) {
      // Canonical bits (one NaN), then flip the magnitude bits of negatives so that signed long
      // order is Double.compare order.
      long bits = Double.doubleToLongBits(data[batch].getDouble((long) row * 8));
      return bits ^ ((bits >> 63) & Long.MAX_VALUE);
    }

    @Override
    boolean prefixExact() {
      return true;
    }
  }

  /** BOOLEAN: false before true. */
  static final class BooleanKey extends KeyColumn {
    private final ArrowBuf[] data;

    BooleanKey(List<FieldVector> vectors) {
      super(vectors);
      data = dataBuffers(vectors);
    }

    @Override
    int compare(int leftBatch, int leftRow, int rightBatch, int rightRow) {
      return Integer.compare(
          BitVectorHelper.get(data[leftBatch], leftRow),
          BitVectorHelper.get(data[rightBatch], rightRow));
    }

    @Override
    long prefix(int batch, int row) {
      return BitVectorHelper.get(data[batch], row);
    }

    @Override
    boolean prefixExact() {
      return true;
    }
  }

  /**
   * DECIMAL of one scale: 128-bit two's complement unscaled values. The prefix is the value when it
   * fits in a long and saturates otherwise, which makes it inexact once a value has saturated.
   */
  static final class DecimalKey extends KeyColumn {
    private final ArrowBuf[] data;
    private boolean saturated;

    DecimalKey(List<FieldVector> vectors) {
      super(vectors);
      data = dataBuffers(vectors);
    }

    @Override
    int compare(int leftBatch, int leftRow, int rightBatch, int rightRow) {
      ArrowBuf left = data[leftBatch];
      ArrowBuf right = data[rightBatch];
      long leftOffset = (long) leftRow * DecimalVector.TYPE_WIDTH;
      long rightOffset = (long) rightRow * DecimalVector.TYPE_WIDTH;
      int high = Long.compare(left.getLong(leftOffset + 8), right.getLong(rightOffset + 8));
      if (high != 0) {
        return high;
      }
      return Long.compareUnsigned(left.getLong(leftOffset), right.getLong(rightOffset));
    }

    @Override
    long prefix(int batch, int row) {
      ArrowBuf buffer = data[batch];
      long offset = (long) row * DecimalVector.TYPE_WIDTH;
      long low = buffer.getLong(offset);
      long high = buffer.getLong(offset + 8);
      if (high == (low >> 63)) {
        return low;
      }
      saturated = true;
      return high < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }

    @Override
    boolean prefixExact() {
      return !saturated;
    }
  }

  /**
   * VARCHAR: unsigned comparison of the UTF-8 bytes, which is code point order (PostgreSQL's and
   * DuckDB's "C" collation). The prefix is the first 8 bytes, big-endian, zero-padded.
   */
  static final class VarCharKey extends KeyColumn {
    private final ArrowBuf[] offsets;
    private final ArrowBuf[] data;

    VarCharKey(List<FieldVector> vectors) {
      super(vectors);
      offsets = new ArrowBuf[vectors.size()];
      for (int batch = 0; batch < offsets.length; batch++) {
        offsets[batch] = vectors.get(batch).getOffsetBuffer();
      }
      data = dataBuffers(vectors);
    }

    // hot path
    @Override
    int compare(int leftBatch, int leftRow, int rightBatch, int rightRow) {
      ArrowBuf leftOffsets = offsets[leftBatch];
      ArrowBuf rightOffsets = offsets[rightBatch];
      long leftStart = leftOffsets.getInt((long) leftRow * VarCharVector.OFFSET_WIDTH);
      int leftLength =
          leftOffsets.getInt((long) (leftRow + 1) * VarCharVector.OFFSET_WIDTH) - (int) leftStart;
      long rightStart = rightOffsets.getInt((long) rightRow * VarCharVector.OFFSET_WIDTH);
      int rightLength =
          rightOffsets.getInt((long) (rightRow + 1) * VarCharVector.OFFSET_WIDTH)
              - (int) rightStart;
      ArrowBuf left = data[leftBatch];
      ArrowBuf right = data[rightBatch];
      int common = Math.min(leftLength, rightLength);
      int i = 0;
      for (; i + 8 <= common; i += 8) {
        long leftWord = left.getLong(leftStart + i);
        long rightWord = right.getLong(rightStart + i);
        if (leftWord != rightWord) {
          return Long.compareUnsigned(Long.reverseBytes(leftWord), Long.reverseBytes(rightWord));
        }
      }
      for (; i < common; i++) {
        int leftByte = left.getByte(leftStart + i) & 0xFF;
        int rightByte = right.getByte(rightStart + i) & 0xFF;
        if (leftByte != rightByte) {
          return leftByte - rightByte;
        }
      }
      return Integer.compare(leftLength, rightLength);
    }

    // hot path
    @Override
    long prefix(int batch, int row) {
      ArrowBuf rowOffsets = offsets[batch];
      long start = rowOffsets.getInt((long) row * VarCharVector.OFFSET_WIDTH);
      int length = rowOffsets.getInt((long) (row + 1) * VarCharVector.OFFSET_WIDTH) - (int) start;
      ArrowBuf bytes = data[batch];
      long prefix;
      if (length >= 8) {
        prefix = Long.reverseBytes(bytes.getLong(start));
      } else {
        prefix = 0;
        for (int i = 0; i < 8; i++) {
          prefix = (prefix << 8) | (i < length ? bytes.getByte(start + i) & 0xFF : 0);
        }
      }
      // Unsigned order to signed order.
      return prefix ^ Long.MIN_VALUE;
    }

    @Override
    boolean prefixExact() {
      return false;
    }
  }
}
