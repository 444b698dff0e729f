package dev.locus.operators.expr;

import dev.locus.core.type.DataType;
import java.util.Arrays;
import java.util.List;

/** {@code COALESCE(a, b, ...)}: each argument is evaluated only on rows all earlier were NULL. */
final class CoalesceNode extends Node {
  private final Node[] arguments;

  CoalesceNode(List<Node> arguments, DataType type) {
    super(type);
    this.arguments = arguments.toArray(Node[]::new);
  }

  @Override
  Operand evaluate(EvalContext context, long[] mask) {
    int rows = context.rowCount;
    Operand[] sources = new Operand[arguments.length];
    int[] choice = new int[rows];
    Arrays.fill(choice, -1);
    try {
      long[] open = Bitmaps.copyOf(mask, rows);
      for (int k = 0; k < arguments.length && !Bitmaps.isEmpty(open); k++) {
        sources[k] = arguments[k].evaluate(context, open);
        long[] present = Bitmaps.validity(sources[k], rows);
        Bitmaps.and(present, open);
        for (int i = Bitmaps.next(present, 0); i >= 0; i = Bitmaps.next(present, i + 1)) {
          choice[i] = k;
        }
        for (int w = 0; w < open.length; w++) {
          open[w] &= ~present[w];
        }
      }
      return Operand.owned(Results.merge(type, sources, choice, context));
    } finally {
      for (Operand source : sources) {
        if (source != null) {
          source.close();
        }
      }
    }
  }
}
