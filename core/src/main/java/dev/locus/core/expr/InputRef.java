package dev.locus.core.expr;

import static java.util.Objects.requireNonNull;

import dev.locus.core.type.DataType;

/** The value of input column {@code index}. */
public record InputRef(int index, DataType type) implements RowExpression {
  public InputRef {
    requireNonNull(type, "type is null");
    if (index < 0) {
      throw new IllegalArgumentException("Column index must be non-negative; found " + index);
    }
  }

  @Override
  public String toString() {
    return "$" + index;
  }
}
