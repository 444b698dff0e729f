package dev.locus.operators.expr;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.type.DataType;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/** Allocating result vectors and assembling results from several operands. */
final class Results {
  /** The name of every result vector; operators rename results when they place them. */
  static final String NAME = "expr";

  private Results() {}

  /**
   * A fixed-width (or BOOLEAN) vector of a type with room for {@code rows} values and a capacity
   * that is a whole number of 64-row words, so that {@link Bitmaps#write} can write whole words.
   * The caller sets the value count.
   */
  static FieldVector allocate(DataType type, BufferAllocator allocator, int rows) {
    FieldVector vector = create(type, allocator);
    try {
      vector.setInitialCapacity(capacity(rows));
      vector.allocateNew();
      return vector;
    } catch (RuntimeException e) {
      vector.close();
      throw e;
    }
  }

  /** A VARCHAR vector for {@code rows} values, starting with room for {@code bytes} bytes. */
  static VarCharVector allocateVarChar(BufferAllocator allocator, int rows, long bytes) {
    VarCharVector vector = (VarCharVector) create(DataType.VARCHAR, allocator);
    try {
      vector.allocateNew(Math.max(bytes, 64), capacity(rows));
      return vector;
    } catch (RuntimeException e) {
      vector.close();
      throw e;
    }
  }

  private static FieldVector create(DataType type, BufferAllocator allocator) {
    if (type.kind() == DataType.Kind.OBJECT) {
      throw new LocusException(
          ErrorCode.NOT_SUPPORTED, "Expressions over OBJECT values are not supported");
    }
    return new Field(NAME, FieldType.nullable(type.toArrow()), null).createVector(allocator);
  }

  private static int capacity(int rows) {
    return Math.max(64, (rows + 63) & ~63);
  }

  /** A BOOLEAN vector from value and validity words. */
  static BitVector booleans(long[] values, long[] valid, EvalContext context) {
    BitVector vector = (BitVector) allocate(DataType.BOOLEAN, context.allocator, context.rowCount);
    for (int w = 0; w < values.length; w++) {
      values[w] &= valid[w];
    }
    Bitmaps.write(vector.getDataBuffer(), values);
    Bitmaps.write(vector.getValidityBuffer(), valid);
    vector.setValueCount(context.rowCount);
    return vector;
  }

  /** A scalar operand's value repeated for every row. */
  static FieldVector repeat(Operand scalar, EvalContext context) {
    int[] choice = new int[context.rowCount];
    DataType type = DataType.fromArrow(scalar.vector.getField().getType());
    return merge(type, new Operand[] {scalar}, choice, context);
  }

  /**
   * A vector whose row i is row i of {@code sources[choice[i]]} (NULL where {@code choice[i] < 0}).
   * All sources carry the same type (decimals: the same scale).
   */
  // hot path
  static FieldVector merge(DataType type, Operand[] sources, int[] choice, EvalContext context) {
    int rows = context.rowCount;
    if (type.kind() == DataType.Kind.VARCHAR) {
      long bytes = 0;
      for (Operand source : sources) {
        if (source != null) {
          bytes = Math.max(bytes, textBytes(source, rows));
        }
      }
      VarCharVector out = allocateVarChar(context.allocator, rows, bytes);
      try {
        for (int i = 0; i < rows; i++) {
          int k = choice[i];
          if (k >= 0) {
            Operand source = sources[k];
            int index = i & source.rowMask;
            if (!source.vector.isNull(index)) {
              out.copyFromSafe(index, i, source.vector);
            }
          }
        }
        out.setValueCount(rows);
        return out;
      } catch (RuntimeException e) {
        out.close();
        throw e;
      }
    }
    FieldVector out = allocate(type, context.allocator, rows);
    long[] valid = new long[Bitmaps.wordCount(rows)];
    if (type.kind() == DataType.Kind.BOOLEAN) {
      long[] values = new long[valid.length];
      for (int i = 0; i < rows; i++) {
        int k = choice[i];
        if (k >= 0) {
          Operand source = sources[k];
          int index = i & source.rowMask;
          BitVector bits = (BitVector) source.vector;
          if (!bits.isNull(index)) {
            valid[i >>> 6] |= 1L << i;
            if (bits.get(index) != 0) {
              values[i >>> 6] |= 1L << i;
            }
          }
        }
      }
      Bitmaps.write(out.getDataBuffer(), values);
    } else {
      int width = width(type);
      long target = Memory.address(out.getDataBuffer());
      for (int i = 0; i < rows; i++) {
        int k = choice[i];
        if (k >= 0) {
          Operand source = sources[k];
          int index = i & source.rowMask;
          if (!source.vector.isNull(index)) {
            valid[i >>> 6] |= 1L << i;
            long data = Memory.address(source.vector.getDataBuffer());
            if (width == 4) {
              Memory.putInt(target + ((long) i << 2), Memory.getInt(data + ((long) index << 2)));
            } else if (width == 8) {
              Memory.putLong(target + ((long) i << 3), Memory.getLong(data + ((long) index << 3)));
            } else {
              Memory.putLong(target + ((long) i << 4), Memory.getLong(data + ((long) index << 4)));
              Memory.putLong(
                  target + (((long) i << 4) + 8), Memory.getLong(data + (((long) index << 4) + 8)));
            }
          }
        }
      }
    }
    Bitmaps.write(out.getValidityBuffer(), valid);
    out.setValueCount(rows);
    return out;
  }

  /** About how many bytes a VARCHAR operand holds over {@code rows} rows. */
  static long textBytes(Operand operand, int rows) {
    if (rows == 0) {
      return 0;
    }
    ArrowBuf offsets = operand.vector.getOffsetBuffer();
    if (operand.scalar) {
      return (long) offsets.getInt(4) * rows;
    }
    return offsets.getInt((long) rows << 2);
  }

  /** Bytes per value of a fixed-width type. */
  static int width(DataType type) {
    return switch (type.kind()) {
      case INT, DATE -> 4;
      case BIGINT, DOUBLE, TIMESTAMP -> 8;
      case DECIMAL -> DecimalVector.TYPE_WIDTH;
      default ->
          throw new LocusException(ErrorCode.INTERNAL_ERROR, type + " is not a fixed-width type");
    };
  }
}
