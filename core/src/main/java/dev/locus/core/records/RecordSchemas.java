package dev.locus.core.records;

import static java.util.Objects.requireNonNull;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Field;
import dev.locus.core.type.Schema;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Maps Java record classes to Locus schemas and back: one column per record component, in
 * declaration order, named after the component.
 *
 * <pre>
 * component type          column type
 * int, Integer            INT
 * long, Long              BIGINT
 * double, Double          DOUBLE
 * BigDecimal              DECIMAL(18, 2), or as annotated with {@link DecimalType}
 * String                  VARCHAR
 * boolean, Boolean        BOOLEAN
 * LocalDate               DATE
 * LocalDateTime           TIMESTAMP
 * </pre>
 *
 * <p>Primitive components make NOT NULL columns, the others nullable ones. DECIMAL(18, 2) is the
 * default for {@code BigDecimal} because it holds money exactly and fits the 64-bit unscaled fast
 * path of the operators ({@link dev.locus.core.batch.Decimals}); a wider or finer scale is one
 * annotation away, and a value that does not fit is an error rather than a rounded number.
 *
 * <p>Reading rows into records ({@code Table.as}) matches components to columns by position. A
 * column may be read into the component type above or a wider one: INT also into {@code
 * long}/{@code Long}; DECIMAL of any precision and scale into {@code BigDecimal}. A primitive
 * component fed a NULL is an error when the row is read.
 */
public final class RecordSchemas {
  /** The column type of a {@code BigDecimal} component without {@link DecimalType}. */
  public static final DataType DEFAULT_DECIMAL = DataType.decimal(18, 2);

  private static final Map<Class<?>, DataType> TYPES =
      Map.ofEntries(
          Map.entry(int.class, DataType.INT),
          Map.entry(Integer.class, DataType.INT),
          Map.entry(long.class, DataType.BIGINT),
          Map.entry(Long.class, DataType.BIGINT),
          Map.entry(double.class, DataType.DOUBLE),
          Map.entry(Double.class, DataType.DOUBLE),
          Map.entry(BigDecimal.class, DEFAULT_DECIMAL),
          Map.entry(String.class, DataType.VARCHAR),
          Map.entry(boolean.class, DataType.BOOLEAN),
          Map.entry(Boolean.class, DataType.BOOLEAN),
          Map.entry(LocalDate.class, DataType.DATE),
          Map.entry(LocalDateTime.class, DataType.TIMESTAMP));

  private static final String SUPPORTED =
      "int/Integer (INT), long/Long (BIGINT), double/Double (DOUBLE), BigDecimal (DECIMAL, "
          + "DECIMAL(18, 2) unless annotated with @DecimalType), String (VARCHAR), "
          + "boolean/Boolean (BOOLEAN), LocalDate (DATE), LocalDateTime (TIMESTAMP)";

  private RecordSchemas() {}

  /** The schema of rows made from records of a class. */
  public static Schema schemaOf(Class<?> recordClass) {
    return new Schema(columns(recordClass).stream().map(RecordColumn::field).toList());
  }

  /**
   * The components of a record class as columns, with accessors resolved once; an error naming the
   * component when one has no column type.
   */
  public static List<RecordColumn> columns(Class<?> recordClass) {
    RecordComponent[] components = components(recordClass);
    List<RecordColumn> columns = new ArrayList<>(components.length);
    for (RecordComponent component : components) {
      columns.add(
          new RecordColumn(
              component.getName(),
              component.getType(),
              columnType(recordClass, component),
              accessor(recordClass, component)));
    }
    return columns;
  }

  private static DataType columnType(Class<?> recordClass, RecordComponent component) {
    DataType type = TYPES.get(component.getType());
    DecimalType decimal = component.getAnnotation(DecimalType.class);
    if (decimal != null) {
      if (component.getType() != BigDecimal.class) {
        throw new LocusException(
            ErrorCode.INVALID_ARGUMENT,
            "@DecimalType on record component '"
                + component.getName()
                + "' of "
                + recordClass.getSimpleName()
                + " needs a BigDecimal component; found "
                + component.getType().getSimpleName());
      }
      return DataType.decimal(decimal.precision(), decimal.scale());
    }
    if (type == null) {
      throw new LocusException(
          ErrorCode.NOT_SUPPORTED,
          "Record component '"
              + component.getName()
              + "' of "
              + recordClass.getSimpleName()
              + " has type "
              + component.getGenericType().getTypeName()
              + ", which has no column type; supported: "
              + SUPPORTED);
    }
    return type;
  }

  /**
   * Checks, when a plan is built, that rows of {@code schema} can be read into records of a class:
   * as many components as columns, and each column's type readable into its component (see the
   * class comment). The error names the component, the column and both types.
   */
  public static void checkReadable(Class<?> recordClass, Schema schema) {
    RecordComponent[] components = components(recordClass);
    if (components.length != schema.size()) {
      List<String> names = new ArrayList<>();
      for (RecordComponent component : components) {
        names.add(component.getName());
      }
      throw new LocusException(
          ErrorCode.TYPE_MISMATCH,
          "Record "
              + recordClass.getSimpleName()
              + " has "
              + components.length
              + " components "
              + names
              + " but the table has "
              + schema.size()
              + " columns "
              + schema.names()
              + "; components match columns by position");
    }
    for (int i = 0; i < components.length; i++) {
      RecordComponent component = components[i];
      Field column = schema.field(i);
      if (!readable(column.type(), component.getType())) {
        throw new LocusException(
            ErrorCode.TYPE_MISMATCH,
            "Record component '"
                + component.getName()
                + "' ("
                + component.getType().getSimpleName()
                + ") of "
                + recordClass.getSimpleName()
                + " does not match column '"
                + column.name()
                + "' ("
                + column.type()
                + ") at position "
                + (i + 1)
                + "; a "
                + column.type().kind()
                + " column is read into "
                + readableInto(column.type()));
      }
    }
  }

  /** Whether a column of a type can be read into a component of a Java type. */
  public static boolean readable(DataType columnType, Class<?> javaType) {
    return switch (columnType.kind()) {
      case INT ->
          javaType == int.class
              || javaType == Integer.class
              || javaType == long.class
              || javaType == Long.class;
      case BIGINT -> javaType == long.class || javaType == Long.class;
      case DOUBLE -> javaType == double.class || javaType == Double.class;
      case DECIMAL -> javaType == BigDecimal.class;
      case VARCHAR -> javaType == String.class;
      case BOOLEAN -> javaType == boolean.class || javaType == Boolean.class;
      case DATE -> javaType == LocalDate.class;
      case TIMESTAMP -> javaType == LocalDateTime.class;
      case OBJECT -> false;
    };
  }

  private static String readableInto(DataType columnType) {
    return switch (columnType.kind()) {
      case INT -> "int, Integer, long or Long";
      case BIGINT -> "long or Long";
      case DOUBLE -> "double or Double";
      case DECIMAL -> "BigDecimal";
      case VARCHAR -> "String";
      case BOOLEAN -> "boolean or Boolean";
      case DATE -> "LocalDate";
      case TIMESTAMP -> "LocalDateTime";
      case OBJECT -> "nothing";
    };
  }

  /** The canonical constructor, of type {@code (component types...) -> RecordClass}. */
  public static MethodHandle canonicalConstructor(Class<?> recordClass) {
    RecordComponent[] components = components(recordClass);
    Class<?>[] parameterTypes = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) {
      parameterTypes[i] = components[i].getType();
    }
    try {
      Constructor<?> constructor = recordClass.getDeclaredConstructor(parameterTypes);
      constructor.setAccessible(true);
      return MethodHandles.lookup().unreflectConstructor(constructor);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw inaccessible(recordClass, "canonical constructor", e);
    }
  }

  private static MethodHandle accessor(Class<?> recordClass, RecordComponent component) {
    try {
      Method method = component.getAccessor();
      method.setAccessible(true);
      return MethodHandles.lookup().unreflect(method);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw inaccessible(recordClass, "accessor " + component.getName() + "()", e);
    }
  }

  private static LocusException inaccessible(Class<?> recordClass, String member, Exception e) {
    return new LocusException(
        ErrorCode.INVALID_ARGUMENT,
        "Cannot access the "
            + member
            + " of record "
            + recordClass.getName()
            + " ("
            + e.getClass().getSimpleName()
            + ": "
            + e.getMessage()
            + "); a record in a named module must be opened to Locus",
        e);
  }

  private static RecordComponent[] components(Class<?> recordClass) {
    requireNonNull(recordClass, "recordClass is null");
    if (!recordClass.isRecord()) {
      throw new LocusException(
          ErrorCode.INVALID_ARGUMENT,
          "Rows convert only to and from Java records; "
              + recordClass.getName()
              + " is not a record class");
    }
    return recordClass.getRecordComponents();
  }
}
