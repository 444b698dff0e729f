package dev.locus.core.expr;

import static java.util.Objects.requireNonNull;

/** An expression given an output column name. */
public record Alias(Expression value, String name) implements Expression {
  public Alias {
    requireNonNull(value, "value is null");
    requireNonNull(name, "name is null");
  }

  @Override
  public String defaultName() {
    return name;
  }

  @Override
  public String toString() {
    return value + " AS " + name;
  }
}
