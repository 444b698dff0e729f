package dev.locus.core.type;

import static java.util.Objects.requireNonNull;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;

/** A named, typed column of a {@link Schema}. */
public record Field(String name, DataType type, boolean nullable) {
  public Field {
    requireNonNull(name, "name is null");
    requireNonNull(type, "type is null");
    if (name.isEmpty()) {
      throw new LocusException(ErrorCode.INVALID_ARGUMENT, "Column name must not be empty");
    }
  }

  public static Field nullable(String name, DataType type) {
    return new Field(name, type, true);
  }

  public static Field notNull(String name, DataType type) {
    return new Field(name, type, false);
  }

  public Field withName(String newName) {
    return new Field(newName, type, nullable);
  }

  public Field asNullable() {
    return nullable ? this : new Field(name, type, true);
  }

  public org.apache.arrow.vector.types.pojo.Field toArrow() {
    return new org.apache.arrow.vector.types.pojo.Field(
        name,
        new org.apache.arrow.vector.types.pojo.FieldType(nullable, type.toArrow(), null),
        null);
  }

  @Override
  public String toString() {
    return name + " " + type + (nullable ? "" : " NOT NULL");
  }
}
