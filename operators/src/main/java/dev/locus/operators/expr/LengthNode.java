package dev.locus.operators.expr;

import dev.locus.core.type.DataType;
import org.apache.arrow.vector.FieldVector;

/** {@code LENGTH(s)}: characters (code points), not bytes. */
final class LengthNode extends Node {
  private final Node argument;

  LengthNode(Node argument, DataType type) {
    super(type);
    this.argument = argument;
  }

  @Override
  Operand evaluate(EvalContext context, long[] mask) {
    try (Operand a = argument.evaluate(context, mask)) {
      int rows = context.rowCount;
      long[] valid = Bitmaps.validity(a, rows);
      FieldVector out = Results.allocate(type, context.allocator, rows);
      try {
        long offsets = Memory.address(a.vector.getOffsetBuffer());
        long data = Memory.address(a.vector.getDataBuffer());
        long target = Memory.address(out.getDataBuffer());
        boolean wide = type.kind() == DataType.Kind.BIGINT;
        int m = a.rowMask;
        byte[] scratch = new byte[64];
        for (int i = Bitmaps.next(valid, 0); i >= 0; i = Bitmaps.next(valid, i + 1)) {
          long index = (long) (i & m) << 2;
          int start = Memory.getInt(offsets + (index));
          int length = Memory.getInt(offsets + (index + 4)) - start;
          if (length > scratch.length) {
            scratch = new byte[Math.max(length, scratch.length * 2)];
          }
          Memory.copy(data + start, scratch, 0, length);
          int characters = 0;
          for (int j = 0; j < length; j++) {
            // Every byte but a continuation byte (10xxxxxx) starts a character.
            if ((scratch[j] & 0xC0) != 0x80) {
              characters++;
            }
          }
          if (wide) {
            Memory.putLong(target + ((long) i << 3), characters);
          } else {
            Memory.putInt(target + ((long) i << 2), characters);
          }
        }
        Bitmaps.write(out.getValidityBuffer(), valid);
        out.setValueCount(rows);
        return Operand.owned(out);
      } catch (RuntimeException e) {
        out.close();
        throw e;
      }
    }
  }
}
