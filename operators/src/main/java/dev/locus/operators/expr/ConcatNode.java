package dev.locus.operators.expr;

import dev.locus.core.type.DataType;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.VarCharVector;

/** {@code a || b || ...}: NULL when any argument is NULL. */
final class ConcatNode extends Node {
  private final Node[] arguments;

  ConcatNode(List<Node> arguments) {
    super(DataType.VARCHAR);
    this.arguments = arguments.toArray(Node[]::new);
  }

  @Override
  Operand evaluate(EvalContext context, long[] mask) {
    int rows = context.rowCount;
    Operand[] parts = new Operand[arguments.length];
    try {
      long[] valid = Bitmaps.copyOf(mask, rows);
      long bytes = 0;
      for (int k = 0; k < parts.length; k++) {
        parts[k] = arguments[k].evaluate(context, mask);
        Bitmaps.and(valid, Bitmaps.validity(parts[k], rows));
        bytes += Results.textBytes(parts[k], rows);
      }
      VarCharVector out = Results.allocateVarChar(context.allocator, rows, bytes);
      try {
        ByteBuilder builder = new ByteBuilder();
        for (int i = Bitmaps.next(valid, 0); i >= 0; i = Bitmaps.next(valid, i + 1)) {
          builder.reset();
          for (Operand part : parts) {
            long index = (long) (i & part.rowMask) << 2;
            ArrowBuf offsets = part.vector.getOffsetBuffer();
            int start = offsets.getInt(index);
            int length = offsets.getInt(index + 4) - start;
            builder.ensure(length);
            part.vector.getDataBuffer().getBytes(start, builder.bytes, builder.length, length);
            builder.length += length;
          }
          out.setSafe(i, builder.bytes, 0, builder.length);
        }
        out.setValueCount(rows);
        return Operand.owned(out);
      } catch (RuntimeException e) {
        out.close();
        throw e;
      }
    } finally {
      for (Operand part : parts) {
        if (part != null) {
          part.close();
        }
      }
    }
  }
}
