package dev.locus.operators.expr;

import static java.util.Objects.requireNonNull;

import dev.locus.core.expr.ExpressionFormatter;
import dev.locus.core.expr.RowExpression;
import dev.locus.core.type.Schema;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.util.TransferPair;

/**
 * Evaluates a bound expression column-at-a-time over Arrow batches.
 *
 * <p>{@link #compile} turns the expression into a tree of nodes once; {@link #evaluate} runs each
 * node over the whole batch: children first, each to a vector, then one tight loop over primitive
 * values. Constants stay one-row scalars that loops read without a branch. Conditional forms (CASE,
 * COALESCE, AND, OR) evaluate their later arguments only on the rows that need them, so {@code CASE
 * WHEN qty = 0 THEN 0 ELSE amount / qty END} never divides by zero. Errors name the failing
 * expression with column names (see {@link dev.locus.core.expr.ExpressionFormatter}).
 *
 * <p>An evaluator holds no state between batches; one instance can serve several threads.
 */
public final class ExpressionEvaluator {
  private final RowExpression expression;
  private final Schema inputSchema;
  private final Node root;
  private final Field resultField;

  private ExpressionEvaluator(RowExpression expression, Schema inputSchema) {
    this.expression = requireNonNull(expression, "expression is null");
    this.inputSchema = requireNonNull(inputSchema, "inputSchema is null");
    this.root = new ExpressionCompiler(inputSchema).compile(expression);
    this.resultField =
        new Field(Results.NAME, FieldType.nullable(expression.type().toArrow()), null);
  }

  /** Prepares an expression over batches of {@code inputSchema} (used for names in errors). */
  public static ExpressionEvaluator compile(RowExpression expression, Schema inputSchema) {
    return new ExpressionEvaluator(expression, inputSchema);
  }

  /**
   * A new vector (owned by the caller) with one value per row of {@code input}, of the expression's
   * type.
   */
  public FieldVector evaluate(VectorSchemaRoot input, BufferAllocator allocator) {
    requireNonNull(input, "input is null");
    requireNonNull(allocator, "allocator is null");
    EvalContext context = new EvalContext(input, allocator);
    Operand result = root.evaluate(context, null);
    FieldVector vector = result.release(context);
    if (vector.getField().getType().equals(resultField.getType())) {
      return vector;
    }
    // Same values, declared type (a decimal of a larger precision): move the buffers over.
    try {
      TransferPair pair = vector.getTransferPair(resultField, allocator);
      pair.transfer();
      return (FieldVector) pair.getTo();
    } finally {
      vector.close();
    }
  }

  @Override
  public String toString() {
    return "ExpressionEvaluator[" + ExpressionFormatter.format(expression, inputSchema) + "]";
  }
}
