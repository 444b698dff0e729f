package dev.locus.operators.expr;

import dev.locus.core.type.DataType;

/** {@code x IS NULL} and {@code x IS NOT NULL}: never NULL. */
final class NullTestNode extends Node {
  private final boolean isNull;
  private final Node argument;

  NullTestNode(boolean isNull, Node argument) {
    super(DataType.BOOLEAN);
    this.isNull = isNull;
    this.argument = argument;
  }

  @Override
  Operand evaluate(EvalContext context, long[] mask) {
    try (Operand a = argument.evaluate(context, mask)) {
      int rows = context.rowCount;
      long[] values = Bitmaps.validity(a, rows);
      if (isNull) {
        for (int w = 0; w < values.length; w++) {
          values[w] = ~values[w];
        }
      }
      return Operand.owned(Results.booleans(values, Bitmaps.allSet(rows), context));
    }
  }
}
