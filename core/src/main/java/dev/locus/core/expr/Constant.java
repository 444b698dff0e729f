package dev.locus.core.expr;

import static java.util.Objects.requireNonNull;

import dev.locus.core.type.DataType;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * A constant. {@code value} is null for SQL NULL, else an instance of {@link DataType#javaClass()};
 * a DECIMAL value has exactly the type's scale.
 */
public record Constant(Object value, DataType type) implements RowExpression {
  public Constant {
    requireNonNull(type, "type is null");
    if (value != null && !type.javaClass().isInstance(value)) {
      throw new IllegalArgumentException(
          "Constant of type "
              + type
              + " must be a "
              + type.javaClass().getSimpleName()
              + "; found "
              + value.getClass().getSimpleName());
    }
    if (value instanceof BigDecimal decimal && decimal.scale() != type.scale()) {
      throw new IllegalArgumentException(
          "Constant " + decimal + " must have the scale of " + type + "; found " + decimal.scale());
    }
  }

  public static Constant nullOf(DataType type) {
    return new Constant(null, type);
  }

  public boolean isNull() {
    return value == null;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Constant constant
        && Objects.equals(value, constant.value)
        && type.equals(constant.type);
  }

  @Override
  public int hashCode() {
    return Objects.hash(value, type);
  }

  @Override
  public String toString() {
    if (value == null) {
      return "NULL";
    }
    return switch (type.kind()) {
      case VARCHAR -> "'" + value.toString().replace("'", "''") + "'";
      case DATE -> "DATE '" + value + "'";
      case TIMESTAMP -> "TIMESTAMP '" + value + "'";
      default -> value.toString();
    };
  }
}
