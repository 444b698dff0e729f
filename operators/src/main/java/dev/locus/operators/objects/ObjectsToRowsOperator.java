package dev.locus.operators.objects;

import static java.util.Objects.requireNonNull;

import dev.locus.core.batch.Batches;
import dev.locus.core.batch.Vectors;
import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.records.RecordColumn;
import dev.locus.core.records.RecordSchemas;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Schema;
import dev.locus.operators.Operator;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Turns a batch of Java records into an Arrow batch: one column per record component (see {@link
 * RecordSchemas}). Accessors are method handles resolved once; primitive components are read and
 * written without boxing, column by column.
 */
public final class ObjectsToRowsOperator implements Operator<List<Object>, VectorSchemaRoot> {
  private final Class<?> recordClass;
  private final Schema schema;
  private final BufferAllocator allocator;
  private final List<RecordColumn> columns;
  private final MethodHandle[] accessors;

  /** {@code schema} is the one {@link RecordSchemas#schemaOf} derives from the record class. */
  public ObjectsToRowsOperator(Class<?> recordClass, Schema schema, BufferAllocator allocator) {
    this.recordClass = requireNonNull(recordClass, "recordClass is null");
    this.schema = requireNonNull(schema, "schema is null");
    this.allocator = requireNonNull(allocator, "allocator is null");
    this.columns = RecordSchemas.columns(recordClass);
    Schema derived = RecordSchemas.schemaOf(recordClass);
    if (!derived.equals(schema)) {
      throw new LocusException(
          ErrorCode.INTERNAL_ERROR,
          "ObjectsToRows schema "
              + schema
              + " is not the schema of "
              + recordClass.getSimpleName()
              + ": "
              + derived);
    }
    this.accessors = new MethodHandle[columns.size()];
    for (int i = 0; i < columns.size(); i++) {
      Class<?> javaType = columns.get(i).javaType();
      // (Object) -> int for primitives, so that invokeExact reads them without boxing.
      Class<?> returned = javaType.isPrimitive() ? javaType : Object.class;
      accessors[i] =
          columns.get(i).accessor().asType(MethodType.methodType(returned, Object.class));
    }
  }

  @Override
  public void push(List<Object> batch, Consumer<VectorSchemaRoot> out) {
    int count = batch.size();
    if (count == 0) {
      return;
    }
    for (Object element : batch) {
      if (!recordClass.isInstance(element)) {
        throw new LocusException(
            ErrorCode.TYPE_MISMATCH,
            "ObjectsToRows["
                + recordClass.getSimpleName()
                + "] expects "
                + recordClass.getSimpleName()
                + " records; found "
                + (element == null
                    ? "null"
                    : element.getClass().getSimpleName() + " " + UserFunctions.quote(element)));
      }
    }
    VectorSchemaRoot root = Batches.allocate(schema, allocator, count);
    try {
      List<FieldVector> vectors = root.getFieldVectors();
      for (int column = 0; column < columns.size(); column++) {
        fill(column, vectors.get(column), batch);
      }
      root.setRowCount(count);
    } catch (RuntimeException | Error e) {
      root.close();
      throw e;
    }
    out.accept(root);
  }

  // hot path
  private void fill(int column, FieldVector vector, List<Object> batch) {
    MethodHandle accessor = accessors[column];
    Class<?> javaType = columns.get(column).javaType();
    int count = batch.size();
    Object record = null;
    try {
      if (javaType == int.class) {
        IntVector ints = (IntVector) vector;
        for (int row = 0; row < count; row++) {
          record = batch.get(row);
          ints.set(row, (int) accessor.invokeExact(record));
        }
      } else if (javaType == long.class) {
        BigIntVector longs = (BigIntVector) vector;
        for (int row = 0; row < count; row++) {
          record = batch.get(row);
          longs.set(row, (long) accessor.invokeExact(record));
        }
      } else if (javaType == double.class) {
        Float8Vector doubles = (Float8Vector) vector;
        for (int row = 0; row < count; row++) {
          record = batch.get(row);
          doubles.set(row, (double) accessor.invokeExact(record));
        }
      } else if (javaType == boolean.class) {
        BitVector bits = (BitVector) vector;
        for (int row = 0; row < count; row++) {
          record = batch.get(row);
          bits.set(row, (boolean) accessor.invokeExact(record) ? 1 : 0);
        }
      } else {
        for (int row = 0; row < count; row++) {
          record = batch.get(row);
          Object value = (Object) accessor.invokeExact(record);
          if (value == null) {
            vector.setNull(row);
          } else {
            set(vector, row, value, column);
          }
        }
      }
      vector.setValueCount(count);
    } catch (LocusException e) {
      throw e;
    } catch (RuntimeException e) {
      throw UserFunctions.failed("ObjectsToRows", record, e);
    } catch (Error e) {
      throw e;
    } catch (Throwable e) {
      throw new LocusException(
          ErrorCode.USER_FUNCTION_FAILED,
          "Accessor of record component '" + columns.get(column).name() + "' failed: " + e,
          e);
    }
  }

  private void set(FieldVector vector, int row, Object value, int column) {
    if (vector instanceof IntVector ints) {
      ints.set(row, (Integer) value);
    } else if (vector instanceof BigIntVector longs) {
      longs.set(row, (Long) value);
    } else if (vector instanceof Float8Vector doubles) {
      doubles.set(row, (Double) value);
    } else if (vector instanceof BitVector bits) {
      bits.set(row, (Boolean) value ? 1 : 0);
    } else if (vector instanceof VarCharVector strings) {
      strings.setSafe(row, ((String) value).getBytes(StandardCharsets.UTF_8));
    } else if (vector instanceof DecimalVector decimals) {
      decimals.set(row, exact((BigDecimal) value, column));
    } else if (vector instanceof DateDayVector dates) {
      dates.set(row, Math.toIntExact(((LocalDate) value).toEpochDay()));
    } else if (vector instanceof TimeStampMicroVector timestamps) {
      timestamps.set(row, Vectors.toMicros((LocalDateTime) value));
    } else {
      throw new LocusException(
          ErrorCode.INTERNAL_ERROR, "No writer for " + vector.getClass().getSimpleName());
    }
  }

  private BigDecimal exact(BigDecimal value, int column) {
    DataType type = columns.get(column).type();
    BigDecimal rescaled;
    try {
      rescaled = value.setScale(type.scale(), RoundingMode.UNNECESSARY);
    } catch (ArithmeticException e) {
      throw decimalDoesNotFit(value, column, "has more than " + type.scale() + " decimal places");
    }
    if (rescaled.precision() > type.precision()) {
      throw decimalDoesNotFit(value, column, "has more than " + type.precision() + " digits");
    }
    return rescaled;
  }

  private LocusException decimalDoesNotFit(BigDecimal value, int column, String rule) {
    RecordColumn recordColumn = columns.get(column);
    return new LocusException(
        ErrorCode.NUMERIC_OVERFLOW,
        "Value "
            + value.toPlainString()
            + " of record component '"
            + recordColumn.name()
            + "' of "
            + recordClass.getSimpleName()
            + " "
            + rule
            + " of its column type "
            + recordColumn.type()
            + "; annotate the component with @DecimalType(precision, scale) to change the type");
  }

  @Override
  public void finish(Consumer<VectorSchemaRoot> out) {}

  @Override
  public void close() {}
}
