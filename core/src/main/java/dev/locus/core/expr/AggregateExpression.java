package dev.locus.core.expr;

import static java.util.Objects.requireNonNull;

/**
 * A user's aggregate: {@code sum(col("x")).as("total")}. {@code argument} is null only for {@code
 * COUNT(*)}; {@code alias} is null when the default name applies.
 */
public record AggregateExpression(
    AggregateFunction function, Expression argument, boolean distinct, String alias) {
  public AggregateExpression {
    requireNonNull(function, "function is null");
    if (argument == null && function != AggregateFunction.COUNT) {
      throw new IllegalArgumentException(function + " needs an argument; only COUNT(*) has none");
    }
  }

  public AggregateExpression as(String name) {
    return new AggregateExpression(
        function, argument, distinct, requireNonNull(name, "name is null"));
  }

  public String name() {
    if (alias != null) {
      return alias;
    }
    return function.name().toLowerCase(java.util.Locale.ROOT)
        + "("
        + (distinct ? "DISTINCT " : "")
        + (argument == null ? "*" : argument.toString())
        + ")";
  }

  @Override
  public String toString() {
    return name();
  }
}
