package dev.locus.core.expr;

import static java.util.Objects.requireNonNull;

/** A reference to a column by name. */
public record Column(String name) implements Expression {
  public Column {
    requireNonNull(name, "name is null");
  }

  @Override
  public String defaultName() {
    return name;
  }

  @Override
  public String toString() {
    return name;
  }
}
