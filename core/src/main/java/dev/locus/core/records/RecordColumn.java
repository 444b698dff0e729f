package dev.locus.core.records;

import static java.util.Objects.requireNonNull;

import dev.locus.core.type.DataType;
import dev.locus.core.type.Field;
import java.lang.invoke.MethodHandle;

/**
 * One component of a Java record seen as a column.
 *
 * @param name the component's name, which is the column's name
 * @param javaType the component's declared type (a primitive class for primitives)
 * @param type the Locus column type
 * @param accessor the component's accessor, of type {@code (RecordClass) -> javaType}
 */
public record RecordColumn(String name, Class<?> javaType, DataType type, MethodHandle accessor) {
  public RecordColumn {
    requireNonNull(name, "name is null");
    requireNonNull(javaType, "javaType is null");
    requireNonNull(type, "type is null");
    requireNonNull(accessor, "accessor is null");
  }

  /** Primitive components can never hold NULL. */
  public boolean nullable() {
    return !javaType.isPrimitive();
  }

  public Field field() {
    return new Field(name, type, nullable());
  }

  /** The component as written in Java, e.g. {@code BigDecimal price}. */
  public String describe() {
    return javaType.getSimpleName() + " " + name;
  }
}
