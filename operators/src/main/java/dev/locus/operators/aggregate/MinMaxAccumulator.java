package dev.locus.operators.aggregate;

import static dev.locus.operators.hash.KeyHashing.isSet;

import dev.locus.core.type.DataType;
import dev.locus.core.type.Field;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;

/**
 * {@code MIN} and {@code MAX} of any column type: the best value so far per group in a primitive
 * array of the type's representation, and a flag for "saw a non-NULL value". The intermediate state
 * is the value itself, so merging is the same update over the state column.
 */
abstract class MinMaxAccumulator extends Accumulator {
  protected final String name;
  protected final DataType type;
  protected final boolean max;
  protected boolean[] seen = new boolean[0];

  MinMaxAccumulator(String name, DataType type, boolean max) {
    this.name = name;
    this.type = type;
    this.max = max;
  }

  static MinMaxAccumulator create(String name, DataType type, boolean max) {
    return switch (type.kind()) {
      case INT, DATE -> new LongValues(name, type, max, 4);
      case BIGINT, TIMESTAMP -> new LongValues(name, type, max, 8);
      case BOOLEAN -> new LongValues(name, type, max, 0);
      case DOUBLE -> new DoubleValues(name, type, max);
      case DECIMAL -> new DecimalValues(name, type, max);
      case VARCHAR -> new VarcharValues(name, type, max);
      case OBJECT -> throw new IllegalArgumentException("MIN and MAX do not apply to OBJECT");
    };
  }

  @Override
  final List<Field> intermediateFields() {
    return List.of(Field.nullable(name + (max ? "$max" : "$min"), type));
  }

  @Override
  final void ensureCapacity(int groupCount) {
    if (groupCount > seen.length) {
      int capacity = grownCapacity(seen.length, groupCount);
      int old = seen.length;
      seen = Arrays.copyOf(seen, capacity);
      grow(old, capacity);
    }
  }

  abstract void grow(int oldCapacity, int capacity);

  @Override
  final void addIntermediate(FieldVector[] state, int[] groupIds, int rowCount) {
    addInput(state[0], groupIds, rowCount);
  }

  @Override
  final void writeIntermediate(int from, int count, FieldVector[] targets) {
    writeFinal(from, count, targets[0]);
  }

  /** INT, DATE, BIGINT, TIMESTAMP and BOOLEAN values as {@code long}s. */
  private static final class LongValues extends MinMaxAccumulator {
    /** Bytes per value: 4, 8, or 0 for a bitmap (BOOLEAN). */
    private final int width;

    private long[] values = new long[0];

    LongValues(String name, DataType type, boolean max, int width) {
      super(name, type, max);
      this.width = width;
    }

    @Override
    void grow(int oldCapacity, int capacity) {
      values = Arrays.copyOf(values, capacity);
      Arrays.fill(values, oldCapacity, capacity, max ? Long.MIN_VALUE : Long.MAX_VALUE);
    }

    // hot path
    @Override
    void addInput(FieldVector argument, int[] groupIds, int rowCount) {
      long[] values = this.values;
      boolean[] seen = this.seen;
      long data = argument.getDataBuffer().memoryAddress();
      boolean hasNulls = argument.getNullCount() > 0;
      long validity = argument.getValidityBuffer().memoryAddress();
      for (int row = 0; row < rowCount; row++) {
        if (hasNulls && !isSet(validity, row)) {
          continue;
        }
        long value;
        if (width == 4) {
          value = MemoryUtil.getInt(data + (long) row * 4);
        } else if (width == 8) {
          value = MemoryUtil.getLong(data + (long) row * 8);
        } else {
          value = isSet(data, row) ? 1 : 0;
        }
        int group = groupIds[row];
        values[group] = max ? Math.max(values[group], value) : Math.min(values[group], value);
        seen[group] = true;
      }
    }

    @Override
    void writeFinal(int from, int count, FieldVector target) {
      if (width == 0) {
        BitVector bits = (BitVector) target;
        for (int i = 0; i < count; i++) {
          if (seen[from + i]) {
            bits.set(i, (int) values[from + i]);
          }
        }
        return;
      }
      ArrowBuf data = target.getDataBuffer();
      ArrowBuf validity = target.getValidityBuffer();
      for (int i = 0; i < count; i++) {
        if (seen[from + i]) {
          if (width == 4) {
            data.setInt((long) i * 4, (int) values[from + i]);
          } else {
            data.setLong((long) i * 8, values[from + i]);
          }
          BitVectorHelper.setBit(validity, i);
        }
      }
    }
  }

  /** DOUBLE values, ordered as {@link Double#compare} orders them (NaN greatest). */
  private static final class DoubleValues extends MinMaxAccumulator {
    private double[] values = new double[0];

    DoubleValues(String name, DataType type, boolean max) {
      super(name, type, max);
    }

    @Override
    void grow(int oldCapacity, int capacity) {
      values = Arrays.copyOf(values, capacity);
    }

    // hot path
    @Override
    void addInput(FieldVector argument, int[] groupIds, int rowCount) {
      double[] values = this.values;
      boolean[] seen = this.seen;
      long data = argument.getDataBuffer().memoryAddress();
      boolean hasNulls = argument.getNullCount() > 0;
      long validity = argument.getValidityBuffer().memoryAddress();
      for (int row = 0; row < rowCount; row++) {
        if (hasNulls && !isSet(validity, row)) {
          continue;
        }
        double value = Double.longBitsToDouble(MemoryUtil.getLong(data + (long) row * 8));
        int group = groupIds[row];
        if (!seen[group]) {
          values[group] = value;
          seen[group] = true;
        } else {
          int comparison = Double.compare(value, values[group]);
          if (max ? comparison > 0 : comparison < 0) {
            values[group] = value;
          }
        }
      }
    }

    @Override
    void writeFinal(int from, int count, FieldVector target) {
      ArrowBuf data = target.getDataBuffer();
      ArrowBuf validity = target.getValidityBuffer();
      for (int i = 0; i < count; i++) {
        if (seen[from + i]) {
          data.setDouble((long) i * 8, values[from + i]);
          BitVectorHelper.setBit(validity, i);
        }
      }
    }
  }

  /** Unscaled 128-bit DECIMAL values as two {@code long}s. */
  private static final class DecimalValues extends MinMaxAccumulator {
    private long[] lows = new long[0];
    private long[] highs = new long[0];

    DecimalValues(String name, DataType type, boolean max) {
      super(name, type, max);
    }

    @Override
    void grow(int oldCapacity, int capacity) {
      lows = Arrays.copyOf(lows, capacity);
      highs = Arrays.copyOf(highs, capacity);
    }

    // hot path
    @Override
    void addInput(FieldVector argument, int[] groupIds, int rowCount) {
      long[] lows = this.lows;
      long[] highs = this.highs;
      boolean[] seen = this.seen;
      long data = argument.getDataBuffer().memoryAddress();
      boolean hasNulls = argument.getNullCount() > 0;
      long validity = argument.getValidityBuffer().memoryAddress();
      for (int row = 0; row < rowCount; row++) {
        if (hasNulls && !isSet(validity, row)) {
          continue;
        }
        long low = MemoryUtil.getLong(data + (long) row * 16);
        long high = MemoryUtil.getLong(data + (long) row * 16 + 8);
        int group = groupIds[row];
        boolean replace;
        if (!seen[group]) {
          replace = true;
        } else {
          int comparison =
              high != highs[group]
                  ? Long.compare(high, highs[group])
                  : Long.compareUnsigned(low, lows[group]);
          replace = max ? comparison > 0 : comparison < 0;
        }
        if (replace) {
          lows[group] = low;
          highs[group] = high;
          seen[group] = true;
        }
      }
    }

    @Override
    void writeFinal(int from, int count, FieldVector target) {
      ArrowBuf data = target.getDataBuffer();
      ArrowBuf validity = target.getValidityBuffer();
      for (int i = 0; i < count; i++) {
        if (seen[from + i]) {
          data.setLong((long) i * 16, lows[from + i]);
          data.setLong((long) i * 16 + 8, highs[from + i]);
          BitVectorHelper.setBit(validity, i);
        }
      }
    }
  }

  /** VARCHAR values as byte arrays, ordered by unsigned UTF-8 bytes (code point order). */
  private static final class VarcharValues extends MinMaxAccumulator {
    private byte[][] values = new byte[0][];

    VarcharValues(String name, DataType type, boolean max) {
      super(name, type, max);
    }

    @Override
    void grow(int oldCapacity, int capacity) {
      values = Arrays.copyOf(values, capacity);
    }

    // hot path
    @Override
    void addInput(FieldVector argument, int[] groupIds, int rowCount) {
      VarCharVector strings = (VarCharVector) argument;
      long data = strings.getDataBuffer().memoryAddress();
      long offsets = strings.getOffsetBuffer().memoryAddress();
      boolean hasNulls = argument.getNullCount() > 0;
      long validity = argument.getValidityBuffer().memoryAddress();
      for (int row = 0; row < rowCount; row++) {
        if (hasNulls && !isSet(validity, row)) {
          continue;
        }
        int start = MemoryUtil.getInt(offsets + (long) row * 4);
        int length = MemoryUtil.getInt(offsets + (long) row * 4 + 4) - start;
        int group = groupIds[row];
        byte[] current = values[group];
        boolean replace;
        if (!seen[group]) {
          replace = true;
        } else {
          int comparison = compare(data + start, length, current);
          replace = max ? comparison > 0 : comparison < 0;
        }
        if (replace) {
          if (current == null || current.length != length) {
            current = new byte[length];
            values[group] = current;
          }
          MemoryUtil.copyFromMemory(data + start, current, 0, length);
          seen[group] = true;
        }
      }
    }

    private static int compare(long address, int length, byte[] other) {
      int common = Math.min(length, other.length);
      for (int i = 0; i < common; i++) {
        int left = MemoryUtil.getByte(address + i) & 0xFF;
        int right = other[i] & 0xFF;
        if (left != right) {
          return left - right;
        }
      }
      return length - other.length;
    }

    @Override
    void writeFinal(int from, int count, FieldVector target) {
      VarCharVector strings = (VarCharVector) target;
      for (int i = 0; i < count; i++) {
        if (seen[from + i]) {
          strings.setSafe(i, values[from + i]);
        }
      }
    }
  }
}
