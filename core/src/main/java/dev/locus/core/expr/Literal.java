package dev.locus.core.expr;

import static java.util.Objects.requireNonNull;

import dev.locus.core.type.DataType;

/** A literal value of a type; {@code value} is null for a typed NULL. */
public record Literal(Object value, DataType type) implements Expression {
  public Literal {
    requireNonNull(type, "type is null");
  }

  @Override
  public String defaultName() {
    return toString();
  }

  @Override
  public String toString() {
    return new Constant(value, type).toString();
  }
}
