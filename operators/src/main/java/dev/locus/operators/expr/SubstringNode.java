package dev.locus.operators.expr;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.type.DataType;
import org.apache.arrow.vector.VarCharVector;

/**
 * {@code SUBSTRING(s, start [, length])} on characters, 1-based, as PostgreSQL: the characters at
 * positions {@code [start, start + length)} that exist, so a start before 1 shortens the result
 * ({@code SUBSTRING('abc', 0, 2)} is {@code 'a'}); a negative length is an error.
 */
final class SubstringNode extends Node {
  private final Node value;
  private final Node start;
  private final Node length;
  private final String text;

  SubstringNode(Node value, Node start, Node length, String text) {
    super(DataType.VARCHAR);
    this.value = value;
    this.start = start;
    this.length = length;
    this.text = text;
  }

  @Override
  Operand evaluate(EvalContext context, long[] mask) {
    int rows = context.rowCount;
    try (Operand s = value.evaluate(context, mask);
        Operand from = start.evaluate(context, mask);
        Operand count = length == null ? null : length.evaluate(context, mask)) {
      long[] valid = Bitmaps.validity(s, rows);
      Bitmaps.and(valid, Bitmaps.validity(from, rows));
      if (count != null) {
        Bitmaps.and(valid, Bitmaps.validity(count, rows));
      }
      Bitmaps.and(valid, mask);
      long offsets = Memory.address(s.vector.getOffsetBuffer());
      long data = Memory.address(s.vector.getDataBuffer());
      long starts = Memory.address(from.vector.getDataBuffer());
      long counts = count == null ? 0 : Memory.address(count.vector.getDataBuffer());
      int m = s.rowMask;
      VarCharVector out =
          Results.allocateVarChar(context.allocator, rows, Results.textBytes(s, rows));
      try {
        byte[] scratch = new byte[64];
        for (int i = Bitmaps.next(valid, 0); i >= 0; i = Bitmaps.next(valid, i + 1)) {
          long index = (long) (i & m) << 2;
          int begin = Memory.getInt(offsets + (index));
          int size = Memory.getInt(offsets + (index + 4)) - begin;
          long first = Memory.getInt(starts + ((long) (i & from.rowMask) << 2));
          long last = Long.MAX_VALUE;
          if (count != null) {
            int characters = Memory.getInt(counts + ((long) (i & count.rowMask) << 2));
            if (characters < 0) {
              throw new LocusException(
                  ErrorCode.INVALID_ARGUMENT,
                  "Negative substring length not allowed: " + characters + " in " + text);
            }
            last = first + characters;
          }
          // Characters at 1-based positions [max(first, 1), last).
          first = Math.max(first, 1);
          if (last <= first) {
            out.setSafe(i, scratch, 0, 0);
            continue;
          }
          if (size > scratch.length) {
            scratch = new byte[Math.max(size, scratch.length * 2)];
          }
          Memory.copy(data + begin, scratch, 0, size);
          int position = 1;
          int at = 0;
          while (at < size && position < first) {
            at = next(scratch, at, size);
            position++;
          }
          int end = at;
          while (end < size && position < last) {
            end = next(scratch, end, size);
            position++;
          }
          out.setSafe(i, scratch, at, end - at);
        }
        out.setValueCount(rows);
        return Operand.owned(out);
      } catch (RuntimeException e) {
        out.close();
        throw e;
      }
    }
  }

  private static int next(byte[] text, int at, int size) {
    at++;
    while (at < size && (text[at] & 0xC0) == 0x80) {
      at++;
    }
    return at;
  }
}
