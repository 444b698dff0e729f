package dev.locus.operators.expr;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BitVector;

/**
 * Row sets and boolean columns as heap {@code long[]} words, bit {@code i & 63} of word {@code i
 * >>> 6} for row i (Arrow's bit order). A {@code null} mask means every row. Bits past the row
 * count are always zero.
 */
final class Bitmaps {
  private Bitmaps() {}

  static int wordCount(int rows) {
    return (rows + 63) >>> 6;
  }

  /** The bits of the last word that are rows. */
  static long tailMask(int rows) {
    int rest = rows & 63;
    return rest == 0 ? -1L : (1L << rest) - 1;
  }

  static long[] allSet(int rows) {
    long[] words = new long[wordCount(rows)];
    java.util.Arrays.fill(words, -1L);
    if (words.length > 0) {
      words[words.length - 1] = tailMask(rows);
    }
    return words;
  }

  /** The first {@code rows} bits of an Arrow bitmap buffer. */
  // hot path
  static long[] read(ArrowBuf buffer, int rows) {
    long[] words = new long[wordCount(rows)];
    long bytes = (rows + 7L) >>> 3;
    long capacity = buffer.capacity();
    for (int w = 0; w < words.length; w++) {
      long offset = (long) w << 3;
      if (offset + 8 <= capacity) {
        words[w] = buffer.getLong(offset);
      } else {
        long word = 0;
        for (long b = offset; b < bytes; b++) {
          word |= (buffer.getByte(b) & 0xFFL) << ((b - offset) << 3);
        }
        words[w] = word;
      }
    }
    if (words.length > 0) {
      words[words.length - 1] &= tailMask(rows);
    }
    return words;
  }

  /** Which rows of an operand are not null. */
  static long[] validity(Operand operand, int rows) {
    if (operand.scalar) {
      return operand.vector.isNull(0) ? new long[wordCount(rows)] : allSet(rows);
    }
    return read(operand.vector.getValidityBuffer(), rows);
  }

  /** The value bits of a BOOLEAN operand (meaningless where it is null). */
  static long[] values(Operand operand, int rows) {
    if (operand.scalar) {
      boolean value = !operand.vector.isNull(0) && ((BitVector) operand.vector).get(0) != 0;
      return value ? allSet(rows) : new long[wordCount(rows)];
    }
    return read(operand.vector.getDataBuffer(), rows);
  }

  /** {@code target &= mask}; a null mask is every row. */
  static void and(long[] target, long[] mask) {
    if (mask == null) {
      return;
    }
    for (int w = 0; w < target.length; w++) {
      target[w] &= mask[w];
    }
  }

  /** A copy of a mask (null for every row) as words. */
  static long[] copyOf(long[] mask, int rows) {
    return mask == null ? allSet(rows) : mask.clone();
  }

  static boolean isEmpty(long[] words) {
    for (long word : words) {
      if (word != 0) {
        return false;
      }
    }
    return true;
  }

  static int count(long[] words) {
    int count = 0;
    for (long word : words) {
      count += Long.bitCount(word);
    }
    return count;
  }

  /** The first set bit at or after {@code from}, or -1. */
  // hot path
  static int next(long[] words, int from) {
    int w = from >>> 6;
    if (w >= words.length) {
      return -1;
    }
    long word = words[w] & (-1L << from);
    while (true) {
      if (word != 0) {
        return (w << 6) + Long.numberOfTrailingZeros(word);
      }
      if (++w == words.length) {
        return -1;
      }
      word = words[w];
    }
  }

  /**
   * Writes words into an Arrow bitmap buffer allocated by {@link Results} (its capacity is a whole
   * number of words).
   */
  static void write(ArrowBuf buffer, long[] words) {
    for (int w = 0; w < words.length; w++) {
      buffer.setLong((long) w << 3, words[w]);
    }
  }

  static boolean get(long[] words, int row) {
    return (words[row >>> 6] & (1L << row)) != 0;
  }
}
