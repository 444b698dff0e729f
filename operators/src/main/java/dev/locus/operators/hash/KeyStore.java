package dev.locus.operators.hash;

import static dev.locus.operators.hash.KeyHashing.isSet;

import dev.locus.core.type.DataType;
import java.util.Arrays;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;

/**
 * The values of one key column of the groups of a {@link GroupByHash}, kept on the heap in
 * primitive arrays indexed by group id. A store is bound to one input vector at a time; it then
 * compares and appends rows of that vector.
 */
abstract class KeyStore {
  protected boolean[] nulls = new boolean[16];
  protected int size;
  protected long validity;
  protected boolean hasNulls;

  static KeyStore create(DataType type) {
    return switch (type.kind()) {
      case INT, DATE -> new IntStore();
      case BIGINT, TIMESTAMP -> new LongStore();
      case DOUBLE -> new DoubleStore();
      case BOOLEAN -> new BooleanStore();
      case DECIMAL -> new DecimalStore();
      case VARCHAR -> new VarcharStore();
      case OBJECT ->
          throw new IllegalArgumentException("OBJECT columns cannot be keys of a hash table");
    };
  }

  /** Binds the input vector that {@link #equalsRow} and {@link #append} read. */
  void bind(FieldVector vector) {
    this.validity = vector.getValidityBuffer().memoryAddress();
    this.hasNulls = vector.getNullCount() > 0;
    bindData(vector);
  }

  abstract void bindData(FieldVector vector);

  /** Whether the key of {@code group} equals the bound vector's value at {@code row}. */
  final boolean equalsRow(int group, int row) {
    boolean rowNull = hasNulls && !isSet(validity, row);
    if (rowNull || nulls[group]) {
      return rowNull && nulls[group];
    }
    return valueEquals(group, row);
  }

  abstract boolean valueEquals(int group, int row);

  /** Appends the bound vector's value at {@code row} as the key of the next group. */
  final void append(int row) {
    if (size == nulls.length) {
      nulls = Arrays.copyOf(nulls, size * 2);
      grow(size * 2);
    }
    boolean rowNull = hasNulls && !isSet(validity, row);
    nulls[size] = rowNull;
    appendValue(row, rowNull);
    size++;
  }

  abstract void grow(int capacity);

  abstract void appendValue(int row, boolean isNull);

  /**
   * Writes the keys of groups {@code [from, from + count)} to rows {@code [0, count)} of an
   * allocated vector with room for {@code count} rows; the caller sets the value count.
   */
  abstract void write(int from, int count, FieldVector target);

  static void setValid(FieldVector target, int index) {
    BitVectorHelper.setBit(target.getValidityBuffer(), index);
  }

  private static final class IntStore extends KeyStore {
    private int[] values = new int[16];
    private long data;

    @Override
    void bindData(FieldVector vector) {
      data = vector.getDataBuffer().memoryAddress();
    }

    @Override
    boolean valueEquals(int group, int row) {
      return values[group] == MemoryUtil.getInt(data + (long) row * 4);
    }

    @Override
    void grow(int capacity) {
      values = Arrays.copyOf(values, capacity);
    }

    @Override
    void appendValue(int row, boolean isNull) {
      values[size] = isNull ? 0 : MemoryUtil.getInt(data + (long) row * 4);
    }

    @Override
    void write(int from, int count, FieldVector target) {
      ArrowBuf buffer = target.getDataBuffer();
      for (int i = 0; i < count; i++) {
        if (!nulls[from + i]) {
          buffer.setInt((long) i * 4, values[from + i]);
          setValid(target, i);
        }
      }
    }
  }

  private static final class LongStore extends KeyStore {
    private long[] values = new long[16];
    private long data;

    @Override
    void bindData(FieldVector vector) {
      data = vector.getDataBuffer().memoryAddress();
    }

    @Override
    boolean valueEquals(int group, int row) {
      return values[group] == MemoryUtil.getLong(data + (long) row * 8);
    }

    @Override
    void grow(int capacity) {
      values = Arrays.copyOf(values, capacity);
    }

    @Override
    void appendValue(int row, boolean isNull) {
      values[size] = isNull ? 0 : MemoryUtil.getLong(data + (long) row * 8);
    }

    @Override
    void write(int from, int count, FieldVector target) {
      ArrowBuf buffer = target.getDataBuffer();
      for (int i = 0; i < count; i++) {
        if (!nulls[from + i]) {
          buffer.setLong((long) i * 8, values[from + i]);
          setValid(target, i);
        }
      }
    }
  }

  /** DOUBLE keys, kept as {@link KeyHashing#doubleKeyBits}. */
  private static final class DoubleStore extends KeyStore {
    private long[] values = new long[16];
    private long data;

    @Override
    void bindData(FieldVector vector) {
      data = vector.getDataBuffer().memoryAddress();
    }

    private long read(int row) {
      return KeyHashing.doubleKeyBits(
          Double.longBitsToDouble(MemoryUtil.getLong(data + (long) row * 8)));
    }

    @Override
    boolean valueEquals(int group, int row) {
      return values[group] == read(row);
    }

    @Override
    void grow(int capacity) {
      values = Arrays.copyOf(values, capacity);
    }

    @Override
    void appendValue(int row, boolean isNull) {
      values[size] = isNull ? 0 : read(row);
    }

    @Override
    void write(int from, int count, FieldVector target) {
      ArrowBuf buffer = target.getDataBuffer();
      for (int i = 0; i < count; i++) {
        if (!nulls[from + i]) {
          buffer.setLong((long) i * 8, values[from + i]);
          setValid(target, i);
        }
      }
    }
  }

  private static final class BooleanStore extends KeyStore {
    private boolean[] values = new boolean[16];
    private long data;

    @Override
    void bindData(FieldVector vector) {
      data = vector.getDataBuffer().memoryAddress();
    }

    @Override
    boolean valueEquals(int group, int row) {
      return values[group] == isSet(data, row);
    }

    @Override
    void grow(int capacity) {
      values = Arrays.copyOf(values, capacity);
    }

    @Override
    void appendValue(int row, boolean isNull) {
      values[size] = !isNull && isSet(data, row);
    }

    @Override
    void write(int from, int count, FieldVector target) {
      BitVector bits = (BitVector) target;
      for (int i = 0; i < count; i++) {
        if (!nulls[from + i]) {
          bits.set(i, values[from + i] ? 1 : 0);
        }
      }
    }
  }

  /** Unscaled 128-bit DECIMAL keys as two longs. */
  private static final class DecimalStore extends KeyStore {
    private long[] lows = new long[16];
    private long[] highs = new long[16];
    private long data;

    @Override
    void bindData(FieldVector vector) {
      data = vector.getDataBuffer().memoryAddress();
    }

    @Override
    boolean valueEquals(int group, int row) {
      long address = data + (long) row * 16;
      return lows[group] == MemoryUtil.getLong(address)
          && highs[group] == MemoryUtil.getLong(address + 8);
    }

    @Override
    void grow(int capacity) {
      lows = Arrays.copyOf(lows, capacity);
      highs = Arrays.copyOf(highs, capacity);
    }

    @Override
    void appendValue(int row, boolean isNull) {
      long address = data + (long) row * 16;
      lows[size] = isNull ? 0 : MemoryUtil.getLong(address);
      highs[size] = isNull ? 0 : MemoryUtil.getLong(address + 8);
    }

    @Override
    void write(int from, int count, FieldVector target) {
      ArrowBuf buffer = target.getDataBuffer();
      for (int i = 0; i < count; i++) {
        if (!nulls[from + i]) {
          buffer.setLong((long) i * 16, lows[from + i]);
          buffer.setLong((long) i * 16 + 8, highs[from + i]);
          setValid(target, i);
        }
      }
    }
  }

  /** VARCHAR keys: the bytes of all groups in one growing array, with offsets. */
  private static final class VarcharStore extends KeyStore {
    private byte[] bytes = new byte[256];
    private int[] offsets = new int[17];
    private long data;
    private long inputOffsets;

    @Override
    void bindData(FieldVector vector) {
      VarCharVector strings = (VarCharVector) vector;
      data = strings.getDataBuffer().memoryAddress();
      inputOffsets = strings.getOffsetBuffer().memoryAddress();
    }

    @Override
    boolean valueEquals(int group, int row) {
      int start = MemoryUtil.getInt(inputOffsets + (long) row * 4);
      int length = MemoryUtil.getInt(inputOffsets + (long) row * 4 + 4) - start;
      int groupStart = offsets[group];
      if (offsets[group + 1] - groupStart != length) {
        return false;
      }
      long address = data + start;
      for (int i = 0; i < length; i++) {
        if (bytes[groupStart + i] != MemoryUtil.getByte(address + i)) {
          return false;
        }
      }
      return true;
    }

    @Override
    void grow(int capacity) {
      offsets = Arrays.copyOf(offsets, capacity + 1);
    }

    @Override
    void appendValue(int row, boolean isNull) {
      int end = offsets[size];
      if (!isNull) {
        int start = MemoryUtil.getInt(inputOffsets + (long) row * 4);
        int length = MemoryUtil.getInt(inputOffsets + (long) row * 4 + 4) - start;
        if (end + length > bytes.length) {
          bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, end + length));
        }
        MemoryUtil.copyFromMemory(data + start, bytes, end, length);
        end += length;
      }
      offsets[size + 1] = end;
    }

    @Override
    void write(int from, int count, FieldVector target) {
      VarCharVector strings = (VarCharVector) target;
      for (int i = 0; i < count; i++) {
        int group = from + i;
        if (!nulls[group]) {
          strings.setSafe(i, bytes, offsets[group], offsets[group + 1] - offsets[group]);
        }
      }
    }
  }
}
