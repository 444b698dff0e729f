package dev.locus.operators.hash;

import static dev.locus.operators.hash.KeyHashing.isSet;

import dev.locus.core.type.DataType;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.FieldVector;

/**
 * Packs the key values of a row into one {@code long} without loss, when the keys are short:
 * BOOLEAN, INT, DATE and VARCHAR values of at most 7 bytes (TPC-H's flags and codes), so that a
 * {@link GroupByHash} can look rows up by one {@code long} instead of hashing and comparing bytes.
 *
 * <p>The layout gives each column a fixed number of bits, the columns one after the other (the
 * first column in the highest bits): BOOLEAN 2 (NULL is 2), INT and DATE 33 (NULL is {@code 1 <<
 * 32}), VARCHAR with room for {@code m} bytes {@code 8m} bits of bytes, the bits of the length (at
 * most {@code m}) above them and a NULL bit on top. Two rows pack alike exactly when their keys are
 * equal (NULL equal to NULL). The room of a VARCHAR column only grows, to the longest value seen so
 * far; {@link #fit} reports when the layout changed, since packed values of different layouts are
 * not comparable, and fails for good once the keys need more than 64 bits.
 */
final class KeyPacking {
  private static final int MAX_BYTES = 7;

  private final DataType.Kind[] kinds;

  /** Per VARCHAR column: the bytes a value may have; else 0. */
  private final int[] room;

  /**
   * Per VARCHAR column, for the batch {@link #fit} last saw: the length of every value when they
   * all have the same (flags, fixed-width codes), else -1.
   */
  private final int[] sameLength;

  private boolean packable;
  private int version;

  private KeyPacking(DataType.Kind[] kinds) {
    this.kinds = kinds;
    this.room = new int[kinds.length];
    this.sameLength = new int[kinds.length];
    this.packable = true;
  }

  /** A packing for keys of these types, or null when some type never packs. */
  static KeyPacking create(List<DataType> keyTypes) {
    DataType.Kind[] kinds = new DataType.Kind[keyTypes.size()];
    for (int i = 0; i < kinds.length; i++) {
      kinds[i] = keyTypes.get(i).kind();
      if (bits(kinds[i], 0) < 0) {
        return null;
      }
    }
    return new KeyPacking(kinds);
  }

  /** The bits a column takes, or -1 when its kind does not pack. */
  private static int bits(DataType.Kind kind, int bytes) {
    return switch (kind) {
      case BOOLEAN -> 2;
      case INT, DATE -> 33;
      case VARCHAR -> 8 * bytes + (32 - Integer.numberOfLeadingZeros(bytes)) + 1;
      default -> -1;
    };
  }

  /**
   * Widens the layout to hold rows {@code [0, rowCount)} of the key vectors; false when they need
   * more than 64 bits (then and from then on, {@link #pack} must not be called).
   */
  // hot path
  boolean fit(FieldVector[] keys, int rowCount) {
    if (!packable) {
      return false;
    }
    boolean changed = false;
    for (int column = 0; column < kinds.length; column++) {
      if (kinds[column] != DataType.Kind.VARCHAR) {
        continue;
      }
      long offsets = keys[column].getOffsetBuffer().memoryAddress();
      int longest = 0;
      int first = MemoryUtil.getInt(offsets);
      int start = first;
      for (int row = 0; row < rowCount; row++) {
        int end = MemoryUtil.getInt(offsets + ((long) row + 1) * 4);
        longest = Math.max(longest, end - start);
        start = end;
      }
      // No value is longer than the longest, so they all have its length when the bytes add up.
      sameLength[column] = (long) start - first == (long) rowCount * longest ? longest : -1;
      if (longest > room[column]) {
        if (longest > MAX_BYTES) {
          packable = false;
          return false;
        }
        room[column] = longest;
        changed = true;
      }
    }
    if (changed) {
      int total = 0;
      for (int column = 0; column < kinds.length; column++) {
        total += bits(kinds[column], room[column]);
      }
      if (total > 64) {
        packable = false;
        return false;
      }
      version++;
    }
    return true;
  }

  /** Changes whenever the layout does: packed values of different versions differ in meaning. */
  int version() {
    return version;
  }

  /** Packs rows {@code [0, rowCount)}, which {@link #fit} accepted, into {@code packed}. */
  // hot path
  void pack(FieldVector[] keys, int rowCount, long[] packed) {
    Arrays.fill(packed, 0, rowCount, 0L);
    for (int column = 0; column < kinds.length; column++) {
      FieldVector vector = keys[column];
      boolean hasNulls = vector.getNullCount() > 0;
      long validity = vector.getValidityBuffer().memoryAddress();
      switch (kinds[column]) {
        case BOOLEAN -> packBooleans(vector, rowCount, packed, hasNulls, validity);
        case INT, DATE -> packInts(vector, rowCount, packed, hasNulls, validity);
        default -> {
          if (sameLength[column] >= 0) {
            packSameLengthStrings(
                vector, room[column], sameLength[column], rowCount, packed, hasNulls, validity);
          } else {
            packStrings(vector, room[column], rowCount, packed, hasNulls, validity);
          }
        }
      }
    }
  }

  // hot path
  private static void packBooleans(
      FieldVector vector, int rowCount, long[] packed, boolean hasNulls, long validity) {
    long data = vector.getDataBuffer().memoryAddress();
    for (int row = 0; row < rowCount; row++) {
      long code = hasNulls && !isSet(validity, row) ? 2 : isSet(data, row) ? 1 : 0;
      packed[row] = (packed[row] << 2) | code;
    }
  }

  // hot path
  private static void packInts(
      FieldVector vector, int rowCount, long[] packed, boolean hasNulls, long validity) {
    long data = vector.getDataBuffer().memoryAddress();
    for (int row = 0; row < rowCount; row++) {
      long code =
          hasNulls && !isSet(validity, row)
              ? 1L << 32
              : MemoryUtil.getInt(data + (long) row * 4) & 0xFFFFFFFFL;
      packed[row] = (packed[row] << 33) | code;
    }
  }

  /** As {@link #packStrings} when every value has {@code length} bytes: no offsets to read. */
  // hot path
  private static void packSameLengthStrings(
      FieldVector vector,
      int bytes,
      int length,
      int rowCount,
      long[] packed,
      boolean hasNulls,
      long validity) {
    int width = bits(DataType.Kind.VARCHAR, bytes);
    long nullCode = 1L << (width - 1);
    long lengthCode = (long) length << (8 * bytes);
    long valueMask = (1L << (8 * length)) - 1;
    long data =
        vector.getDataBuffer().memoryAddress()
            + MemoryUtil.getInt(vector.getOffsetBuffer().memoryAddress());
    long capacity = vector.getDataBuffer().capacity();
    // Whole words can be read up to the row whose word would end past the buffer.
    long first = MemoryUtil.getInt(vector.getOffsetBuffer().memoryAddress());
    long wordRoom = capacity - 8 - first;
    int wordRows =
        length == 0 ? rowCount : wordRoom < 0 ? 0 : (int) Math.min(rowCount, wordRoom / length + 1);
    for (int row = 0; row < rowCount; row++) {
      long word;
      if (row < wordRows) {
        word = MemoryUtil.getLong(data + (long) row * length);
      } else {
        word = 0;
        for (int i = 0; i < length; i++) {
          word |= (MemoryUtil.getByte(data + (long) row * length + i) & 0xFFL) << (8 * i);
        }
      }
      long code = hasNulls && !isSet(validity, row) ? nullCode : lengthCode | (word & valueMask);
      packed[row] = (packed[row] << width) | code;
    }
  }

  // hot path
  private static void packStrings(
      FieldVector vector, int bytes, int rowCount, long[] packed, boolean hasNulls, long validity) {
    int width = bits(DataType.Kind.VARCHAR, bytes);
    long nullCode = 1L << (width - 1);
    long offsets = vector.getOffsetBuffer().memoryAddress();
    long data = vector.getDataBuffer().memoryAddress();
    // Reading a whole word at a value's start is safe while the word ends inside the buffer.
    long wordLimit = vector.getDataBuffer().capacity() - 8;
    int start = MemoryUtil.getInt(offsets);
    for (int row = 0; row < rowCount; row++) {
      int end = MemoryUtil.getInt(offsets + ((long) row + 1) * 4);
      long code;
      if (hasNulls && !isSet(validity, row)) {
        code = nullCode;
      } else {
        int length = end - start;
        long word;
        if (start <= wordLimit) {
          word = MemoryUtil.getLong(data + start);
        } else {
          word = 0;
          for (int i = 0; i < length; i++) {
            word |= (MemoryUtil.getByte(data + start + i) & 0xFFL) << (8 * i);
          }
        }
        code = ((long) length << (8 * bytes)) | (word & ((1L << (8 * length)) - 1));
      }
      packed[row] = (packed[row] << width) | code;
      start = end;
    }
  }
}
