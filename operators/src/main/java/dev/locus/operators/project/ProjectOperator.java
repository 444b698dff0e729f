package dev.locus.operators.project;

import static java.util.Objects.requireNonNull;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.expr.ExpressionFormatter;
import dev.locus.core.expr.InputRef;
import dev.locus.core.expr.RowExpression;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Schema;
import dev.locus.operators.Operator;
import dev.locus.operators.expr.ProjectionEvaluator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.util.TransferPair;

/**
 * Computes one output column per expression. A column that is just an input column moves over
 * without copying (its buffers are transferred, or shared when it is listed more than once); others
 * are evaluated. Output vectors carry the output schema's names; the input batch is closed.
 */
public final class ProjectOperator implements Operator<VectorSchemaRoot, VectorSchemaRoot> {
  private final List<Field> outputFields;
  private final BufferAllocator allocator;

  /** The computed columns, in output order; a subexpression they share is computed once. */
  private final ProjectionEvaluator evaluator;

  /** The output columns {@link #evaluator} computes, in order. */
  private final int[] computedColumns;

  /** Per output column: the input column it copies, or -1. */
  private final int[] inputColumns;

  /** Per output column: whether it is the last output column copying its input column. */
  private final boolean[] lastUse;

  public ProjectOperator(
      Schema inputSchema,
      List<RowExpression> expressions,
      Schema outputSchema,
      BufferAllocator allocator) {
    requireNonNull(inputSchema, "inputSchema is null");
    requireNonNull(expressions, "expressions is null");
    requireNonNull(outputSchema, "outputSchema is null");
    this.allocator = requireNonNull(allocator, "allocator is null");
    if (expressions.size() != outputSchema.size()) {
      throw new LocusException(
          ErrorCode.INVALID_ARGUMENT,
          "Project has "
              + expressions.size()
              + " expressions but its output schema has "
              + outputSchema.size()
              + " columns: "
              + outputSchema.names());
    }
    int count = expressions.size();
    List<RowExpression> computed = new ArrayList<>();
    List<Integer> computedIndexes = new ArrayList<>();
    this.inputColumns = new int[count];
    this.lastUse = new boolean[count];
    Arrays.fill(inputColumns, -1);
    for (int i = 0; i < count; i++) {
      RowExpression expression = expressions.get(i);
      DataType declared = outputSchema.type(i);
      DataType actual = expression.type();
      if (declared.kind() != actual.kind() || declared.scale() != actual.scale()) {
        throw new LocusException(
            ErrorCode.TYPE_MISMATCH,
            "Project column '"
                + outputSchema.field(i).name()
                + "' is declared "
                + declared
                + " but its expression "
                + ExpressionFormatter.format(expression, inputSchema)
                + " is "
                + actual);
      }
      if (expression instanceof InputRef ref && ref.index() < inputSchema.size()) {
        inputColumns[i] = ref.index();
      } else {
        computed.add(expression);
        computedIndexes.add(i);
      }
    }
    for (int i = 0; i < count; i++) {
      if (inputColumns[i] >= 0) {
        lastUse[i] = true;
        for (int j = i + 1; j < count; j++) {
          if (inputColumns[j] == inputColumns[i]) {
            lastUse[i] = false;
          }
        }
      }
    }
    this.evaluator = ProjectionEvaluator.compile(computed, inputSchema);
    this.computedColumns = computedIndexes.stream().mapToInt(Integer::intValue).toArray();
    this.outputFields = outputSchema.toArrow().getFields();
  }

  @Override
  public void push(VectorSchemaRoot batch, Consumer<VectorSchemaRoot> out) {
    VectorSchemaRoot result = null;
    try {
      int rows = batch.getRowCount();
      if (rows == 0) {
        return;
      }
      result = project(batch, rows);
    } finally {
      batch.close();
    }
    out.accept(result);
  }

  private VectorSchemaRoot project(VectorSchemaRoot batch, int rows) {
    FieldVector[] columns = new FieldVector[inputColumns.length];
    try {
      // Computed columns first: they read input columns that the plain ones then move out.
      if (computedColumns.length > 0) {
        List<FieldVector> values = evaluator.evaluate(batch, allocator);
        for (int k = 0; k < computedColumns.length; k++) {
          int i = computedColumns[k];
          columns[i] = values.get(k);
        }
        for (int i : computedColumns) {
          columns[i] = withField(columns[i], outputFields.get(i));
        }
      }
      for (int i = 0; i < columns.length; i++) {
        if (inputColumns[i] >= 0) {
          FieldVector source = batch.getVector(inputColumns[i]);
          TransferPair pair = source.getTransferPair(outputFields.get(i), allocator);
          if (lastUse[i]) {
            pair.transfer();
          } else {
            pair.splitAndTransfer(0, rows);
          }
          columns[i] = (FieldVector) pair.getTo();
        }
      }
      VectorSchemaRoot result = new VectorSchemaRoot(Arrays.asList(columns));
      result.setRowCount(rows);
      return result;
    } catch (RuntimeException e) {
      for (FieldVector column : columns) {
        if (column != null) {
          column.close();
        }
      }
      throw e;
    }
  }

  /** The vector under the output column's name and type, without copying. */
  private FieldVector withField(FieldVector vector, Field field) {
    if (vector.getField().equals(field)) {
      return vector;
    }
    try {
      TransferPair pair = vector.getTransferPair(field, allocator);
      pair.transfer();
      return (FieldVector) pair.getTo();
    } finally {
      vector.close();
    }
  }

  @Override
  public void finish(Consumer<VectorSchemaRoot> out) {}

  @Override
  public void close() {}
}
