package dev.locus.operators.expr;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.util.MemoryUtil;

/**
 * Unchecked reads and writes of off-heap memory by address, for the evaluator's hot loops.
 * ArrowBuf's accessors check the reference count (a volatile read) and the bounds on every call,
 * which costs several times the work of a comparison; the loops here instead rely on bounds
 * established once per batch: input vectors hold at least the batch's row count ({@link
 * InputRefNode} checks), result vectors are allocated for it, and scalars are read at index 0.
 */
final class Memory {
  private Memory() {}

  /** The address of a buffer's first byte. */
  static long address(ArrowBuf buffer) {
    return buffer.memoryAddress();
  }

  /**
   * Compares two byte strings as unsigned bytes, eight at a time: negative, zero or positive as the
   * first sorts before, equal to or after the second.
   */
  // hot path
  static int compareBytes(long left, int leftLength, long right, int rightLength) {
    int common = Math.min(leftLength, rightLength);
    int at = 0;
    for (; at + 8 <= common; at += 8) {
      long x = MemoryUtil.getLong(left + at);
      long y = MemoryUtil.getLong(right + at);
      if (x != y) {
        // Little-endian words: reverse so that the first byte is the most significant.
        return Long.compareUnsigned(Long.reverseBytes(x), Long.reverseBytes(y));
      }
    }
    for (; at < common; at++) {
      int x = MemoryUtil.getByte(left + at) & 0xFF;
      int y = MemoryUtil.getByte(right + at) & 0xFF;
      if (x != y) {
        return x - y;
      }
    }
    return Integer.compare(leftLength, rightLength);
  }

  /** Whether two byte strings are equal. */
  // hot path
  static boolean equalBytes(long left, int leftLength, long right, int rightLength) {
    if (leftLength != rightLength) {
      return false;
    }
    int at = 0;
    for (; at + 8 <= leftLength; at += 8) {
      if (MemoryUtil.getLong(left + at) != MemoryUtil.getLong(right + at)) {
        return false;
      }
    }
    for (; at < leftLength; at++) {
      if (MemoryUtil.getByte(left + at) != MemoryUtil.getByte(right + at)) {
        return false;
      }
    }
    return true;
  }

  static int getInt(long address) {
    return MemoryUtil.getInt(address);
  }

  static long getLong(long address) {
    return MemoryUtil.getLong(address);
  }

  static double getDouble(long address) {
    return Double.longBitsToDouble(MemoryUtil.getLong(address));
  }

  static byte getByte(long address) {
    return MemoryUtil.getByte(address);
  }

  /** Bit {@code index} of a bitmap (Arrow's order: least significant bit first). */
  static int getBit(long address, int index) {
    return (MemoryUtil.getByte(address + (index >>> 3)) >>> (index & 7)) & 1;
  }

  static void setBit(long address, int index) {
    long at = address + (index >>> 3);
    MemoryUtil.putByte(at, (byte) (MemoryUtil.getByte(at) | (1 << (index & 7))));
  }

  /** Copies {@code length} bytes at {@code address} into {@code target} from {@code offset}. */
  static void copy(long address, byte[] target, int offset, int length) {
    MemoryUtil.copyFromMemory(address, target, offset, length);
  }

  static void putInt(long address, int value) {
    MemoryUtil.putInt(address, value);
  }

  static void putLong(long address, long value) {
    MemoryUtil.putLong(address, value);
  }

  static void putDouble(long address, double value) {
    MemoryUtil.putLong(address, Double.doubleToRawLongBits(value));
  }
}
