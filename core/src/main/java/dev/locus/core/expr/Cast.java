package dev.locus.core.expr;

import static java.util.Objects.requireNonNull;

import dev.locus.core.type.DataType;

/** An explicit conversion of a value to a type. */
public record Cast(Expression value, DataType type) implements Expression {
  public Cast {
    requireNonNull(value, "value is null");
    requireNonNull(type, "type is null");
  }

  @Override
  public String defaultName() {
    return value.defaultName();
  }

  @Override
  public String toString() {
    return "CAST(" + value + " AS " + type + ")";
  }
}
