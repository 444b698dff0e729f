package dev.locus.operators.expr;

import org.apache.arrow.vector.FieldVector;

/**
 * A subexpression that occurs more than once among the expressions of a {@link
 * ProjectionEvaluator}: computed once per batch over every row and then lent to each user. Only
 * evaluations over every row (no mask) share; a masked one (under CASE, COALESCE, AND, OR) computes
 * its rows itself, so that sharing never evaluates a row that the expression alone would not.
 */
final class SharedNode extends Node {
  private final int slot;
  private final Node node;

  SharedNode(int slot, Node node) {
    super(node.type);
    this.slot = slot;
    this.node = node;
  }

  @Override
  Operand evaluate(EvalContext context, long[] mask) {
    if (mask != null) {
      return node.evaluate(context, mask);
    }
    FieldVector value = context.shared[slot];
    if (value == null) {
      value = node.evaluate(context, null).release(context);
      context.shared[slot] = value;
    }
    return Operand.borrowed(value);
  }
}
