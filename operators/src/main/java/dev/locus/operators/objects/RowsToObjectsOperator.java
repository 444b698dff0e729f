package dev.locus.operators.objects;

import static java.util.Objects.requireNonNull;

import dev.locus.core.batch.Vectors;
import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.records.RecordSchemas;
import dev.locus.core.type.Schema;
import dev.locus.operators.Operator;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Turns an Arrow batch into Java records through their canonical constructor (a method handle
 * resolved once): components match columns by position (see {@link RecordSchemas}). Closes the
 * input batch.
 */
public final class RowsToObjectsOperator implements Operator<VectorSchemaRoot, List<Object>> {
  private final Class<?> recordClass;
  private final RecordComponent[] components;
  private final MethodHandle constructor;
  private boolean checked;

  public RowsToObjectsOperator(Class<?> recordClass) {
    this.recordClass = requireNonNull(recordClass, "recordClass is null");
    MethodHandle canonical = RecordSchemas.canonicalConstructor(recordClass);
    this.components = recordClass.getRecordComponents();
    this.constructor =
        canonical
            .asSpreader(Object[].class, components.length)
            .asType(MethodType.methodType(Object.class, Object[].class));
  }

  @Override
  public void push(VectorSchemaRoot batch, Consumer<List<Object>> out) {
    List<Object> records;
    try (VectorSchemaRoot root = batch) {
      if (!checked) {
        RecordSchemas.checkReadable(recordClass, Schema.fromArrow(root.getSchema()));
        checked = true;
      }
      int count = root.getRowCount();
      if (count == 0) {
        return;
      }
      List<FieldVector> vectors = root.getFieldVectors();
      Object[][] values = new Object[components.length][];
      for (int column = 0; column < components.length; column++) {
        values[column] = read(vectors.get(column), count, components[column]);
      }
      records = new ArrayList<>(count);
      Object[] arguments = new Object[components.length];
      for (int row = 0; row < count; row++) {
        for (int column = 0; column < arguments.length; column++) {
          arguments[column] = values[column][row];
        }
        records.add(construct(arguments));
      }
    }
    out.accept(records);
  }

  private Object construct(Object[] arguments) {
    try {
      return (Object) constructor.invokeExact(arguments);
    } catch (RuntimeException e) {
      throw UserFunctions.failed("RowsToObjects", Arrays.asList(arguments), e);
    } catch (Error e) {
      throw e;
    } catch (Throwable e) {
      throw new LocusException(
          ErrorCode.USER_FUNCTION_FAILED,
          "Constructor of " + recordClass.getSimpleName() + " failed: " + e,
          e);
    }
  }

  /** A column's values as the component's Java objects (null where the column is NULL). */
  // hot path
  private Object[] read(FieldVector vector, int count, RecordComponent component) {
    Class<?> javaType = component.getType();
    if (javaType.isPrimitive() && vector.getNullCount() > 0) {
      throw new LocusException(
          ErrorCode.TYPE_MISMATCH,
          "Column '"
              + vector.getName()
              + "' holds NULL, which record component '"
              + component.getName()
              + "' ("
              + javaType.getSimpleName()
              + ") of "
              + recordClass.getSimpleName()
              + " cannot hold; declare the component with a boxed type");
    }
    Object[] values = new Object[count];
    if (vector instanceof IntVector ints) {
      boolean widen = javaType == long.class || javaType == Long.class;
      for (int row = 0; row < count; row++) {
        if (!ints.isNull(row)) {
          values[row] = widen ? (Object) (long) ints.get(row) : (Object) ints.get(row);
        }
      }
    } else if (vector instanceof BigIntVector longs) {
      for (int row = 0; row < count; row++) {
        if (!longs.isNull(row)) {
          values[row] = longs.get(row);
        }
      }
    } else if (vector instanceof Float8Vector doubles) {
      for (int row = 0; row < count; row++) {
        if (!doubles.isNull(row)) {
          values[row] = doubles.get(row);
        }
      }
    } else if (vector instanceof BitVector bits) {
      for (int row = 0; row < count; row++) {
        if (!bits.isNull(row)) {
          values[row] = bits.get(row) != 0;
        }
      }
    } else if (vector instanceof VarCharVector strings) {
      for (int row = 0; row < count; row++) {
        if (!strings.isNull(row)) {
          values[row] = new String(strings.get(row), StandardCharsets.UTF_8);
        }
      }
    } else {
      for (int row = 0; row < count; row++) {
        values[row] = Vectors.getObject(vector, row);
      }
    }
    return values;
  }

  @Override
  public void finish(Consumer<List<Object>> out) {}

  @Override
  public void close() {}
}
