package dev.locus.operators.hash;

import static java.util.Objects.requireNonNull;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import java.util.List;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Hashes the key columns of a batch, one column at a time, into one {@code long} per row.
 *
 * <p>The hash of a row depends only on its key values and key types, never on the batch it sits in,
 * so equal keys of different batches and different inputs hash alike (a join's two sides, the
 * partitions of an exchange). The integer types INT, BIGINT, DATE and TIMESTAMP hash their value as
 * a {@code long}, so that an INT key and a BIGINT key with the same value hash alike. DOUBLE hashes
 * {@code -0.0} as {@code 0.0} and every NaN alike; DECIMAL hashes its unscaled 128-bit value;
 * VARCHAR hashes its UTF-8 bytes. NULL hashes to {@link #NULL_HASH}.
 *
 * <p>Hash tables take their slot from the low bits of the hash; {@link #partition} takes the high
 * bits, so that the rows of one partition still spread over a table's slots.
 */
public final class KeyHashing {
  /** The hash of a NULL key value. */
  public static final long NULL_HASH = 0x6A09E667F3BCC909L;

  /** The hash of every row when there are no key columns. */
  public static final long EMPTY_KEY_HASH = 0;

  private static final long GOLDEN = 0x9E3779B97F4A7C15L;
  private static final long COMBINE = 0xC6A4A7935BD1E995L;
  private static final long BYTES_SEED = 0x3C6EF372FE94F82BL;

  private KeyHashing() {}

  /** The key vectors of a batch, in key order. */
  public static FieldVector[] keyVectors(VectorSchemaRoot batch, List<Integer> keys) {
    requireNonNull(batch, "batch is null");
    FieldVector[] vectors = new FieldVector[keys.size()];
    int columns = batch.getFieldVectors().size();
    for (int i = 0; i < vectors.length; i++) {
      int key = keys.get(i);
      if (key < 0 || key >= columns) {
        throw new LocusException(
            ErrorCode.INTERNAL_ERROR,
            "Key column " + key + " is out of range; the batch has " + columns + " columns");
      }
      vectors[i] = batch.getVector(key);
    }
    return vectors;
  }

  /**
   * The row hashes of {@code keys} in a batch: an array of at least the batch's row count, {@code
   * reuse} when it is big enough.
   */
  public static long[] hash(VectorSchemaRoot batch, List<Integer> keys, long[] reuse) {
    int rowCount = batch.getRowCount();
    long[] hashes = reuse != null && reuse.length >= rowCount ? reuse : new long[rowCount];
    hash(keyVectors(batch, keys), rowCount, hashes);
    return hashes;
  }

  /** Writes the hash of rows {@code [0, rowCount)} of the key columns into {@code hashes}. */
  public static void hash(FieldVector[] keys, int rowCount, long[] hashes) {
    if (keys.length == 0) {
      java.util.Arrays.fill(hashes, 0, rowCount, EMPTY_KEY_HASH);
      return;
    }
    for (int column = 0; column < keys.length; column++) {
      hashColumn(keys[column], rowCount, hashes, column > 0);
    }
  }

  /**
   * Hashes rows {@code [0, rowCount)} of one column. With {@code combine} the column's hash is
   * folded into the hashes already there (for the second and later key columns); otherwise it
   * replaces them.
   */
  // hot path
  public static void hashColumn(FieldVector vector, int rowCount, long[] hashes, boolean combine) {
    if (rowCount == 0) {
      return;
    }
    checkRowCount(vector, rowCount);
    boolean hasNulls = vector.getNullCount() > 0;
    long validity = vector.getValidityBuffer().memoryAddress();
    if (vector instanceof VarCharVector strings) {
      long offsets = strings.getOffsetBuffer().memoryAddress();
      long data = strings.getDataBuffer().memoryAddress();
      for (int row = 0; row < rowCount; row++) {
        long hash;
        if (hasNulls && !isSet(validity, row)) {
          hash = NULL_HASH;
        } else {
          int start = MemoryUtil.getInt(offsets + (long) row * 4);
          int end = MemoryUtil.getInt(offsets + (long) row * 4 + 4);
          hash = hashBytes(data + start, end - start);
        }
        hashes[row] = combine ? hashes[row] * COMBINE + hash : hash;
      }
      return;
    }
    long data = vector.getDataBuffer().memoryAddress();
    if (vector instanceof IntVector || vector instanceof DateDayVector) {
      for (int row = 0; row < rowCount; row++) {
        long hash =
            hasNulls && !isSet(validity, row)
                ? NULL_HASH
                : hashLong(MemoryUtil.getInt(data + (long) row * 4));
        hashes[row] = combine ? hashes[row] * COMBINE + hash : hash;
      }
    } else if (vector instanceof BigIntVector || vector instanceof TimeStampMicroVector) {
      for (int row = 0; row < rowCount; row++) {
        long hash =
            hasNulls && !isSet(validity, row)
                ? NULL_HASH
                : hashLong(MemoryUtil.getLong(data + (long) row * 8));
        hashes[row] = combine ? hashes[row] * COMBINE + hash : hash;
      }
    } else if (vector instanceof Float8Vector) {
      for (int row = 0; row < rowCount; row++) {
        long hash =
            hasNulls && !isSet(validity, row)
                ? NULL_HASH
                : hashLong(
                    doubleKeyBits(
                        Double.longBitsToDouble(MemoryUtil.getLong(data + (long) row * 8))));
        hashes[row] = combine ? hashes[row] * COMBINE + hash : hash;
      }
    } else if (vector instanceof DecimalVector) {
      for (int row = 0; row < rowCount; row++) {
        long hash;
        if (hasNulls && !isSet(validity, row)) {
          hash = NULL_HASH;
        } else {
          long low = MemoryUtil.getLong(data + (long) row * 16);
          long high = MemoryUtil.getLong(data + (long) row * 16 + 8);
          hash = hashDecimal(low, high);
        }
        hashes[row] = combine ? hashes[row] * COMBINE + hash : hash;
      }
    } else if (vector instanceof BitVector) {
      for (int row = 0; row < rowCount; row++) {
        long hash =
            hasNulls && !isSet(validity, row) ? NULL_HASH : hashLong(isSet(data, row) ? 1 : 0);
        hashes[row] = combine ? hashes[row] * COMBINE + hash : hash;
      }
    } else {
      throw unsupported(vector);
    }
  }

  /** The hash of one row of the key columns: what {@link #hash} writes for that row. */
  public static long hashRow(FieldVector[] keys, int row) {
    if (keys.length == 0) {
      return EMPTY_KEY_HASH;
    }
    long hash = hashValue(keys[0], row);
    for (int column = 1; column < keys.length; column++) {
      hash = hash * COMBINE + hashValue(keys[column], row);
    }
    return hash;
  }

  /** The hash of one value of a column: what {@link #hashColumn} computes for that row. */
  static long hashValue(FieldVector vector, int row) {
    if (vector.getNullCount() > 0 && !isSet(vector.getValidityBuffer().memoryAddress(), row)) {
      return NULL_HASH;
    }
    if (vector instanceof VarCharVector strings) {
      long offsets = strings.getOffsetBuffer().memoryAddress();
      int start = MemoryUtil.getInt(offsets + (long) row * 4);
      int end = MemoryUtil.getInt(offsets + (long) row * 4 + 4);
      return hashBytes(strings.getDataBuffer().memoryAddress() + start, end - start);
    }
    long data = vector.getDataBuffer().memoryAddress();
    if (vector instanceof IntVector || vector instanceof DateDayVector) {
      return hashLong(MemoryUtil.getInt(data + (long) row * 4));
    }
    if (vector instanceof BigIntVector || vector instanceof TimeStampMicroVector) {
      return hashLong(MemoryUtil.getLong(data + (long) row * 8));
    }
    if (vector instanceof Float8Vector) {
      return hashLong(
          doubleKeyBits(Double.longBitsToDouble(MemoryUtil.getLong(data + (long) row * 8))));
    }
    if (vector instanceof DecimalVector) {
      return hashDecimal(
          MemoryUtil.getLong(data + (long) row * 16),
          MemoryUtil.getLong(data + (long) row * 16 + 8));
    }
    if (vector instanceof BitVector) {
      return hashLong(isSet(data, row) ? 1 : 0);
    }
    throw unsupported(vector);
  }

  /** The hash of one {@code long} key value (INT, BIGINT, DATE and TIMESTAMP values). */
  public static long hashLong(long value) {
    return mix(value + GOLDEN);
  }

  /** The hash of one unscaled 128-bit DECIMAL value. */
  public static long hashDecimal(long low, long high) {
    return mix(low + GOLDEN + high * COMBINE);
  }

  /**
   * The bits a DOUBLE key is hashed and compared by: {@code -0.0} as {@code 0.0}, every NaN as the
   * canonical NaN.
   */
  public static long doubleKeyBits(double value) {
    return value == 0.0 ? 0L : Double.doubleToLongBits(value);
  }

  /** The hash of {@code length} bytes at an off-heap address (VARCHAR values). */
  // hot path
  public static long hashBytes(long address, int length) {
    long hash = BYTES_SEED ^ (length * GOLDEN);
    int index = 0;
    for (; index + 8 <= length; index += 8) {
      hash = Long.rotateLeft(hash ^ (MemoryUtil.getLong(address + index) * COMBINE), 27) * GOLDEN;
    }
    long tail = 0;
    for (int shift = 0; index < length; index++, shift += 8) {
      tail |= (MemoryUtil.getByte(address + index) & 0xFFL) << shift;
    }
    return mix(hash ^ (tail * COMBINE));
  }

  /** MurmurHash3's 64-bit finalizer: every input bit affects every output bit. */
  public static long mix(long value) {
    long k = value;
    k ^= k >>> 33;
    k *= 0xFF51AFD7ED558CCDL;
    k ^= k >>> 33;
    k *= 0xC4CEB9FE1A85EC53L;
    k ^= k >>> 33;
    return k;
  }

  /**
   * The partition in {@code [0, partitionCount)} of a row hash, from the hash's high 32 bits (hash
   * tables use the low bits).
   */
  public static int partition(long hash, int partitionCount) {
    return (int) (((hash >>> 32) * partitionCount) >>> 32);
  }

  /**
   * Marks the rows {@code [0, rowCount)} where any key is NULL in {@code nullKey}; returns how many
   * there are.
   */
  public static int markNullKeys(FieldVector[] keys, int rowCount, boolean[] nullKey) {
    java.util.Arrays.fill(nullKey, 0, rowCount, false);
    int count = 0;
    for (FieldVector key : keys) {
      if (key.getNullCount() == 0) {
        continue;
      }
      long validity = key.getValidityBuffer().memoryAddress();
      for (int row = 0; row < rowCount; row++) {
        if (!isSet(validity, row) && !nullKey[row]) {
          nullKey[row] = true;
          count++;
        }
      }
    }
    return count;
  }

  /** Whether bit {@code index} of a bitmap at an off-heap address is set. */
  public static boolean isSet(long bitmapAddress, int index) {
    return ((MemoryUtil.getByte(bitmapAddress + (index >>> 3)) >>> (index & 7)) & 1) != 0;
  }

  static void checkRowCount(FieldVector vector, int rowCount) {
    if (vector.getValueCount() < rowCount) {
      throw new LocusException(
          ErrorCode.INTERNAL_ERROR,
          "Column '"
              + vector.getName()
              + "' has "
              + vector.getValueCount()
              + " values; the batch has "
              + rowCount
              + " rows");
    }
  }

  static LocusException unsupported(FieldVector vector) {
    return new LocusException(
        ErrorCode.NOT_SUPPORTED,
        "Column '"
            + vector.getName()
            + "' of Arrow type "
            + vector.getField().getType()
            + " cannot be a key; key types: BOOLEAN, INT, BIGINT, DOUBLE, DECIMAL, VARCHAR, DATE,"
            + " TIMESTAMP");
  }
}
