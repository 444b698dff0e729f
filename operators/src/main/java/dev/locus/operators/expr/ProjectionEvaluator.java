package dev.locus.operators.expr;

import static java.util.Objects.requireNonNull;

import dev.locus.core.expr.FunctionCall;
import dev.locus.core.expr.RowExpression;
import dev.locus.core.type.Schema;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.util.TransferPair;

/**
 * Evaluates several bound expressions over the same batches, as {@link ExpressionEvaluator} does
 * each, but computing a function call that occurs more than once among them (TPC-H Q1's {@code
 * l_extendedprice * (1 - l_discount)}, alone and inside {@code ... * (1 + l_tax)}) once per batch.
 * Values and errors are those of evaluating each expression alone.
 *
 * <p>Holds no state between batches; one instance can serve several threads.
 */
public final class ProjectionEvaluator {
  private final Node[] roots;
  private final Field[] resultFields;
  private final int sharedCount;

  private ProjectionEvaluator(List<RowExpression> expressions, Schema inputSchema) {
    Map<RowExpression, Integer> occurrences = new HashMap<>();
    for (RowExpression expression : expressions) {
      count(expression, occurrences);
    }
    Map<RowExpression, Integer> slots = new HashMap<>();
    for (Map.Entry<RowExpression, Integer> entry : occurrences.entrySet()) {
      if (entry.getValue() > 1) {
        slots.put(entry.getKey(), slots.size());
      }
    }
    ExpressionCompiler compiler = new ExpressionCompiler(inputSchema, slots);
    this.roots = new Node[expressions.size()];
    this.resultFields = new Field[expressions.size()];
    for (int i = 0; i < roots.length; i++) {
      RowExpression expression = expressions.get(i);
      roots[i] = compiler.compile(expression);
      resultFields[i] =
          new Field(Results.NAME, FieldType.nullable(expression.type().toArrow()), null);
    }
    this.sharedCount = slots.size();
  }

  /** Prepares expressions over batches of {@code inputSchema} (used for names in errors). */
  public static ProjectionEvaluator compile(List<RowExpression> expressions, Schema inputSchema) {
    requireNonNull(expressions, "expressions is null");
    requireNonNull(inputSchema, "inputSchema is null");
    return new ProjectionEvaluator(List.copyOf(expressions), inputSchema);
  }

  private static void count(RowExpression expression, Map<RowExpression, Integer> occurrences) {
    if (expression instanceof FunctionCall call) {
      occurrences.merge(call, 1, Integer::sum);
      for (RowExpression argument : call.arguments()) {
        count(argument, occurrences);
      }
    }
  }

  /**
   * New vectors (owned by the caller), one per expression in order, each with one value per row of
   * {@code input} of its expression's type.
   */
  public List<FieldVector> evaluate(VectorSchemaRoot input, BufferAllocator allocator) {
    requireNonNull(input, "input is null");
    requireNonNull(allocator, "allocator is null");
    List<FieldVector> results = new ArrayList<>(roots.length);
    try (EvalContext context = new EvalContext(input, allocator, sharedCount)) {
      for (int i = 0; i < roots.length; i++) {
        FieldVector vector = roots[i].evaluate(context, null).release(context);
        results.add(withType(vector, resultFields[i], allocator));
      }
      return results;
    } catch (RuntimeException e) {
      for (FieldVector vector : results) {
        vector.close();
      }
      throw e;
    }
  }

  /** The vector under the declared type (a decimal of a larger precision), without copying. */
  private static FieldVector withType(FieldVector vector, Field field, BufferAllocator allocator) {
    if (vector.getField().getType().equals(field.getType())) {
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
}
