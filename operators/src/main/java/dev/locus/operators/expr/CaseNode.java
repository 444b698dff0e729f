package dev.locus.operators.expr;

import dev.locus.core.type.DataType;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.FieldVector;

/**
 * {@code CASE WHEN c1 THEN v1 ... ELSE e END}. Each condition is evaluated only on rows no earlier
 * condition took, and each value only on the rows it is chosen for, so a branch never fails for
 * rows it does not produce.
 */
final class CaseNode extends Node {
  private final Node[] conditions;
  private final Node[] values;
  private final Node otherwise;

  CaseNode(List<Node> conditions, List<Node> values, Node otherwise, DataType type) {
    super(type);
    this.conditions = conditions.toArray(Node[]::new);
    this.values = values.toArray(Node[]::new);
    this.otherwise = otherwise;
  }

  @Override
  Operand evaluate(EvalContext context, long[] mask) {
    int rows = context.rowCount;
    int branches = values.length;
    Operand[] sources = new Operand[branches + 1];
    int[] choice = new int[rows];
    Arrays.fill(choice, -1);
    try {
      long[] open = Bitmaps.copyOf(mask, rows);
      for (int k = 0; k < branches && !Bitmaps.isEmpty(open); k++) {
        long[] taken;
        try (Operand condition = conditions[k].evaluate(context, open)) {
          taken = Bitmaps.validity(condition, rows);
          Bitmaps.and(taken, Bitmaps.values(condition, rows));
        }
        Bitmaps.and(taken, open);
        if (Bitmaps.isEmpty(taken)) {
          continue;
        }
        sources[k] = values[k].evaluate(context, taken);
        for (int i = Bitmaps.next(taken, 0); i >= 0; i = Bitmaps.next(taken, i + 1)) {
          choice[i] = k;
        }
        for (int w = 0; w < open.length; w++) {
          open[w] &= ~taken[w];
        }
      }
      if (!Bitmaps.isEmpty(open)) {
        sources[branches] = otherwise.evaluate(context, open);
        for (int i = Bitmaps.next(open, 0); i >= 0; i = Bitmaps.next(open, i + 1)) {
          choice[i] = branches;
        }
      }
      FieldVector result = Results.merge(type, sources, choice, context);
      return Operand.owned(result);
    } finally {
      for (Operand source : sources) {
        if (source != null) {
          source.close();
        }
      }
    }
  }
}
