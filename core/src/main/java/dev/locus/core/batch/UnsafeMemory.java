package dev.locus.core.batch;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.util.MemoryUtil;

/**
 * Unchecked reads, writes and copies of off-heap memory by address, for hot loops over Arrow
 * buffers. ArrowBuf's accessors check the reference count (a volatile read) and the bounds on every
 * call, which costs several times the work of the access itself; callers of this class instead
 * establish once per batch that every address they touch lies inside a live buffer (vectors hold
 * the rows read, targets are allocated for the rows written). Nothing here checks anything: a wrong
 * address corrupts memory or crashes the JVM.
 */
public final class UnsafeMemory {
  private UnsafeMemory() {}

  /** The address of a buffer's first byte. */
  public static long address(ArrowBuf buffer) {
    return buffer.memoryAddress();
  }

  public static byte getByte(long address) {
    return MemoryUtil.getByte(address);
  }

  public static int getInt(long address) {
    return MemoryUtil.getInt(address);
  }

  public static long getLong(long address) {
    return MemoryUtil.getLong(address);
  }

  public static void putByte(long address, byte value) {
    MemoryUtil.putByte(address, value);
  }

  public static void putInt(long address, int value) {
    MemoryUtil.putInt(address, value);
  }

  public static void putLong(long address, long value) {
    MemoryUtil.putLong(address, value);
  }

  /** Copies {@code length} bytes; the two ranges must not overlap. */
  public static void copy(long from, long to, long length) {
    MemoryUtil.copyMemory(from, to, length);
  }

  /** Sets {@code length} bytes from {@code address} to {@code value}. */
  public static void fill(long address, long length, byte value) {
    MemoryUtil.setMemory(address, length, value);
  }

  /** Bit {@code index} of a bitmap (Arrow's order: least significant bit first), as 0 or 1. */
  public static int getBit(long address, long index) {
    return (MemoryUtil.getByte(address + (index >>> 3)) >>> (index & 7)) & 1;
  }

  /** Sets bit {@code index} of a bitmap to 1. */
  public static void setBit(long address, long index) {
    long at = address + (index >>> 3);
    MemoryUtil.putByte(at, (byte) (MemoryUtil.getByte(at) | (1 << (index & 7))));
  }

  /**
   * Sets bits {@code [0, count)} of a bitmap to 1 and the rest of the last byte to 0: the validity
   * of {@code count} rows that are all valid.
   */
  public static void setLeadingBits(long address, int count) {
    int fullBytes = count >>> 3;
    MemoryUtil.setMemory(address, fullBytes, (byte) 0xFF);
    int rest = count & 7;
    if (rest != 0) {
      MemoryUtil.putByte(address + fullBytes, (byte) ((1 << rest) - 1));
    }
  }

  /**
   * The 64 bits of a bitmap from bit {@code 64 * word}, least significant first. The caller must
   * ensure the bitmap holds all 8 bytes (Arrow pads its buffers to multiples of 8 bytes).
   */
  public static long getWord(long address, int word) {
    return MemoryUtil.getLong(address + ((long) word << 3));
  }
}
