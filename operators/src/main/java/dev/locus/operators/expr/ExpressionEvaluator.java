package dev.locus.operators.expr;

import static java.util.Objects.requireNonNull;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.expr.RowExpression;
import dev.locus.core.type.Schema;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Evaluates a bound expression column-at-a-time over Arrow batches. Contract placeholder: the
 * vectorized implementation replaces the body of {@link #evaluate}.
 */
public final class ExpressionEvaluator {
  private final RowExpression expression;
  private final Schema inputSchema;

  private ExpressionEvaluator(RowExpression expression, Schema inputSchema) {
    this.expression = requireNonNull(expression, "expression is null");
    this.inputSchema = requireNonNull(inputSchema, "inputSchema is null");
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
    throw new LocusException(
        ErrorCode.INTERNAL_ERROR, "Expression evaluation is not wired yet: " + expression);
  }
}
