package dev.locus.core.expr;

import dev.locus.core.type.DataType;

/**
 * A bound, typed expression over the columns of one input, referenced by index. Plan nodes carry
 * these; {@link ExpressionBinder} makes them from user {@link Expression}s.
 */
public sealed interface RowExpression permits InputRef, Constant, FunctionCall {
  DataType type();

  /** Whether this expression refers to no column. */
  default boolean isConstant() {
    if (this instanceof FunctionCall call) {
      return call.arguments().stream().allMatch(RowExpression::isConstant);
    }
    return this instanceof Constant;
  }
}
