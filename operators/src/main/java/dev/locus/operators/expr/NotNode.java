package dev.locus.operators.expr;

import dev.locus.core.type.DataType;

/** {@code NOT x}: NULL stays NULL. */
final class NotNode extends Node {
  private final Node argument;

  NotNode(Node argument) {
    super(DataType.BOOLEAN);
    this.argument = argument;
  }

  @Override
  Operand evaluate(EvalContext context, long[] mask) {
    try (Operand a = argument.evaluate(context, mask)) {
      int rows = context.rowCount;
      long[] valid = Bitmaps.validity(a, rows);
      long[] values = Bitmaps.values(a, rows);
      for (int w = 0; w < values.length; w++) {
        values[w] = ~values[w];
      }
      return Operand.owned(Results.booleans(values, valid, context));
    }
  }
}
