package dev.locus.operators.expr;

import java.util.Arrays;

/** A growable byte buffer reused across the rows of a batch, for building UTF-8 values. */
final class ByteBuilder {
  byte[] bytes = new byte[64];
  int length;

  void reset() {
    length = 0;
  }

  void ensure(int extra) {
    if (length + extra > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(length + extra, bytes.length * 2));
    }
  }

  void append(byte value) {
    ensure(1);
    bytes[length++] = value;
  }

  void append(byte[] values) {
    ensure(values.length);
    System.arraycopy(values, 0, bytes, length, values.length);
    length += values.length;
  }

  /** The decimal digits of a value, with a minus sign when negative. */
  void appendLong(long value) {
    ensure(20);
    if (value < 0) {
      bytes[length++] = '-';
    } else {
      value = -value;
    }
    // Work on the negative value so that Long.MIN_VALUE needs no special case.
    int digits = 1;
    for (long rest = value / 10; rest != 0; rest /= 10) {
      digits++;
    }
    int end = length + digits;
    for (int i = end - 1; i >= length; i--) {
      bytes[i] = (byte) ('0' - (value % 10));
      value /= 10;
    }
    length = end;
  }

  /** A non-negative value with at least {@code width} digits. */
  void appendPadded(long value, int width) {
    int digits = 1;
    for (long rest = value / 10; rest != 0; rest /= 10) {
      digits++;
    }
    ensure(Math.max(width, digits));
    for (int i = digits; i < width; i++) {
      bytes[length++] = '0';
    }
    appendLong(value);
  }
}
