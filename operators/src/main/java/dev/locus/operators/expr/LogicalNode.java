package dev.locus.operators.expr;

import dev.locus.core.type.DataType;

/**
 * AND and OR with SQL three-valued logic, word by word. The right side is evaluated only for rows
 * the left side does not decide (FALSE for AND, TRUE for OR), so {@code qty <> 0 AND amount / qty >
 * 1} does not divide by zero.
 */
final class LogicalNode extends Node {
  private final boolean and;
  private final Node left;
  private final Node right;

  LogicalNode(boolean and, Node left, Node right) {
    super(DataType.BOOLEAN);
    this.and = and;
    this.left = left;
    this.right = right;
  }

  @Override
  Operand evaluate(EvalContext context, long[] mask) {
    int rows = context.rowCount;
    long[] leftValid;
    long[] leftValues;
    try (Operand a = left.evaluate(context, mask)) {
      leftValid = Bitmaps.validity(a, rows);
      leftValues = Bitmaps.values(a, rows);
    }
    // Rows where the left side decides: known FALSE for AND, known TRUE for OR.
    long[] undecided = Bitmaps.copyOf(mask, rows);
    for (int w = 0; w < undecided.length; w++) {
      long decided = leftValid[w] & (and ? ~leftValues[w] : leftValues[w]);
      undecided[w] &= ~decided;
    }
    long[] rightValid;
    long[] rightValues;
    if (Bitmaps.isEmpty(undecided)) {
      rightValid = new long[undecided.length];
      rightValues = rightValid;
    } else {
      try (Operand b = right.evaluate(context, undecided)) {
        rightValid = Bitmaps.validity(b, rows);
        rightValues = Bitmaps.values(b, rows);
      }
    }
    long[] valid = new long[leftValid.length];
    long[] values = new long[leftValid.length];
    for (int w = 0; w < valid.length; w++) {
      long leftTrue = leftValid[w] & leftValues[w];
      long leftFalse = leftValid[w] & ~leftValues[w];
      long rightTrue = rightValid[w] & rightValues[w];
      long rightFalse = rightValid[w] & ~rightValues[w];
      long isTrue;
      long isFalse;
      if (and) {
        isTrue = leftTrue & rightTrue;
        isFalse = leftFalse | rightFalse;
      } else {
        isTrue = leftTrue | rightTrue;
        isFalse = leftFalse & rightFalse;
      }
      valid[w] = isTrue | isFalse;
      values[w] = isTrue;
    }
    return Operand.owned(Results.booleans(values, valid, context));
  }
}
