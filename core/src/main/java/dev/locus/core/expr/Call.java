package dev.locus.core.expr;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** A call of a scalar function on argument expressions. */
public record Call(ScalarFunction function, List<Expression> arguments) implements Expression {
  public Call {
    requireNonNull(function, "function is null");
    arguments = List.copyOf(requireNonNull(arguments, "arguments is null"));
  }

  @Override
  public String defaultName() {
    return toString();
  }

  @Override
  public String toString() {
    return FunctionCall.ExpressionText.format(
        function, arguments.stream().map(Object::toString).toList(), null);
  }
}
