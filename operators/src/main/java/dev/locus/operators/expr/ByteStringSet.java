package dev.locus.operators.expr;

import java.util.Arrays;
import java.util.List;

/** An immutable open-addressing set of byte strings, probed with a slice of a byte array. */
final class ByteStringSet {
  private final byte[][] table;
  private final int mask;

  ByteStringSet(List<byte[]> values) {
    int size = Integer.highestOneBit(Math.max(4, values.size() * 2) - 1) << 1;
    table = new byte[size][];
    mask = size - 1;
    for (byte[] value : values) {
      int slot = hash(value, 0, value.length) & mask;
      while (table[slot] != null && !Arrays.equals(table[slot], value)) {
        slot = (slot + 1) & mask;
      }
      table[slot] = value;
    }
  }

  // hot path
  boolean contains(byte[] bytes, int length) {
    int slot = hash(bytes, 0, length) & mask;
    while (true) {
      byte[] candidate = table[slot];
      if (candidate == null) {
        return false;
      }
      if (Arrays.equals(candidate, 0, candidate.length, bytes, 0, length)) {
        return true;
      }
      slot = (slot + 1) & mask;
    }
  }

  private static int hash(byte[] bytes, int from, int to) {
    int hash = 1;
    for (int i = from; i < to; i++) {
      hash = 31 * hash + bytes[i];
    }
    hash *= 0x9E3779B9;
    return hash ^ (hash >>> 16);
  }
}
