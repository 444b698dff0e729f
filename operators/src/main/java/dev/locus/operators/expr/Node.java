package dev.locus.operators.expr;

import dev.locus.core.type.DataType;

/**
 * A compiled expression node. {@link #evaluate} computes the node for every row of a batch at once.
 *
 * <p>{@code mask} holds the rows whose value matters (null: all rows). A node may return anything
 * (NULL, typically) for rows outside it and must not fail because of them: CASE, COALESCE, AND and
 * OR narrow the mask so that {@code CASE WHEN qty = 0 THEN 0 ELSE amount / qty END} never divides
 * by zero.
 */
abstract class Node {
  final DataType type;

  Node(DataType type) {
    this.type = type;
  }

  abstract Operand evaluate(EvalContext context, long[] mask);
}
