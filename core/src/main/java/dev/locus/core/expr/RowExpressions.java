package dev.locus.core.expr;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.function.IntUnaryOperator;

/** Small analyses and rewrites of bound expressions. */
public final class RowExpressions {
  private RowExpressions() {}

  /** The input columns an expression reads. */
  public static BitSet inputs(RowExpression expression) {
    BitSet columns = new BitSet();
    collect(expression, columns);
    return columns;
  }

  private static void collect(RowExpression expression, BitSet columns) {
    if (expression instanceof InputRef ref) {
      columns.set(ref.index());
    } else if (expression instanceof FunctionCall call) {
      for (RowExpression argument : call.arguments()) {
        collect(argument, columns);
      }
    }
  }

  /** The same expression with every column index mapped. */
  public static RowExpression remap(RowExpression expression, IntUnaryOperator mapping) {
    if (expression instanceof InputRef ref) {
      return new InputRef(mapping.applyAsInt(ref.index()), ref.type());
    }
    if (expression instanceof FunctionCall call) {
      List<RowExpression> arguments = new ArrayList<>(call.arguments().size());
      for (RowExpression argument : call.arguments()) {
        arguments.add(remap(argument, mapping));
      }
      return new FunctionCall(call.function(), arguments, call.type());
    }
    return expression;
  }

  /** The conjuncts of an AND tree (the expression itself when it is not an AND). */
  public static List<RowExpression> conjuncts(RowExpression expression) {
    List<RowExpression> result = new ArrayList<>();
    addConjuncts(expression, result);
    return result;
  }

  private static void addConjuncts(RowExpression expression, List<RowExpression> result) {
    if (expression instanceof FunctionCall call && call.function() == ScalarFunction.AND) {
      for (RowExpression argument : call.arguments()) {
        addConjuncts(argument, result);
      }
    } else {
      result.add(expression);
    }
  }

  /** The AND of conditions; {@code TRUE} for none. */
  public static RowExpression and(List<RowExpression> conditions) {
    if (conditions.isEmpty()) {
      return new Constant(true, dev.locus.core.type.DataType.BOOLEAN);
    }
    RowExpression result = conditions.get(0);
    for (RowExpression condition : conditions.subList(1, conditions.size())) {
      result =
          FunctionCall.of(
              ScalarFunction.AND, dev.locus.core.type.DataType.BOOLEAN, result, condition);
    }
    return result;
  }
}
