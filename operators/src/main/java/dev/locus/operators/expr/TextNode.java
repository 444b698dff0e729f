package dev.locus.operators.expr;

import dev.locus.core.type.DataType;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.apache.arrow.vector.VarCharVector;

/** UPPER, LOWER and TRIM: one VARCHAR in, one out. */
final class TextNode extends Node {
  enum Operation {
    UPPER,
    LOWER,
    TRIM
  }

  private final Operation operation;
  private final Node argument;

  TextNode(Operation operation, Node argument) {
    super(DataType.VARCHAR);
    this.operation = operation;
    this.argument = argument;
  }

  @Override
  Operand evaluate(EvalContext context, long[] mask) {
    try (Operand a = argument.evaluate(context, mask)) {
      int rows = context.rowCount;
      long[] valid = Bitmaps.validity(a, rows);
      long offsets = Memory.address(a.vector.getOffsetBuffer());
      long data = Memory.address(a.vector.getDataBuffer());
      int m = a.rowMask;
      long bytes = Results.textBytes(a, rows);
      VarCharVector out = Results.allocateVarChar(context.allocator, rows, bytes);
      try {
        byte[] scratch = new byte[64];
        for (int i = Bitmaps.next(valid, 0); i >= 0; i = Bitmaps.next(valid, i + 1)) {
          long index = (long) (i & m) << 2;
          int start = Memory.getInt(offsets + (index));
          int end = Memory.getInt(offsets + (index + 4));
          if (operation == Operation.TRIM) {
            while (start < end && Memory.getByte(data + (start)) == ' ') {
              start++;
            }
            while (end > start && Memory.getByte(data + (end - 1)) == ' ') {
              end--;
            }
            out.setSafe(i, start, end - start, a.vector.getDataBuffer());
            continue;
          }
          int length = end - start;
          if (length > scratch.length) {
            scratch = new byte[Math.max(length, scratch.length * 2)];
          }
          Memory.copy(data + start, scratch, 0, length);
          if (changeAsciiCase(scratch, length)) {
            out.setSafe(i, scratch, 0, length);
          } else {
            // Beyond ASCII a letter may change its length ('ß' -> "SS"): use Java's case rules.
            String value = new String(scratch, 0, length, StandardCharsets.UTF_8);
            String changed =
                operation == Operation.UPPER
                    ? value.toUpperCase(Locale.ROOT)
                    : value.toLowerCase(Locale.ROOT);
            out.setSafe(i, changed.getBytes(StandardCharsets.UTF_8));
          }
        }
        out.setValueCount(rows);
        return Operand.owned(out);
      } catch (RuntimeException e) {
        out.close();
        throw e;
      }
    }
  }

  /** Changes the case of ASCII text in place; false (text untouched) when it is not ASCII. */
  // hot path
  private boolean changeAsciiCase(byte[] text, int length) {
    for (int i = 0; i < length; i++) {
      if (text[i] < 0) {
        return false;
      }
    }
    if (operation == Operation.UPPER) {
      for (int i = 0; i < length; i++) {
        byte c = text[i];
        if (c >= 'a' && c <= 'z') {
          text[i] = (byte) (c - 32);
        }
      }
    } else {
      for (int i = 0; i < length; i++) {
        byte c = text[i];
        if (c >= 'A' && c <= 'Z') {
          text[i] = (byte) (c + 32);
        }
      }
    }
    return true;
  }
}
