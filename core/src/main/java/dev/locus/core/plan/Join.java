package dev.locus.core.plan;

import static java.util.Objects.requireNonNull;

import dev.locus.core.expr.Constant;
import dev.locus.core.expr.RowExpression;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Schema;
import java.util.List;

/**
 * Joins two inputs on equal keys ({@code leftKeys[i] = rightKeys[i]}, indices into each input's
 * schema; NULL keys never match) and a residual condition over the concatenated columns (left
 * columns, then right columns), {@code TRUE} when there is none. With no keys it is a nested-loop
 * join on the residual alone. ANTI keeps the left rows with no match (NOT EXISTS semantics).
 */
public record Join(
    LogicalPlan left,
    LogicalPlan right,
    JoinType type,
    List<Integer> leftKeys,
    List<Integer> rightKeys,
    RowExpression residual)
    implements LogicalPlan {
  public static final RowExpression TRUE = new Constant(true, DataType.BOOLEAN);

  public Join {
    requireNonNull(left, "left is null");
    requireNonNull(right, "right is null");
    requireNonNull(type, "type is null");
    leftKeys = List.copyOf(requireNonNull(leftKeys, "leftKeys is null"));
    rightKeys = List.copyOf(requireNonNull(rightKeys, "rightKeys is null"));
    requireNonNull(residual, "residual is null");
    if (leftKeys.size() != rightKeys.size()) {
      throw new IllegalArgumentException(
          "Join needs as many left keys as right keys; found " + leftKeys + " and " + rightKeys);
    }
  }

  public boolean hasResidual() {
    return !residual.equals(TRUE);
  }

  @Override
  public Schema schema() {
    Schema leftSchema = left.schema();
    Schema rightSchema = right.schema();
    return switch (type) {
      case INNER -> leftSchema.concat(rightSchema);
      case LEFT -> leftSchema.concat(rightSchema.asNullable());
      case RIGHT -> leftSchema.asNullable().concat(rightSchema);
      case FULL -> leftSchema.asNullable().concat(rightSchema.asNullable());
      case SEMI, ANTI -> leftSchema;
    };
  }

  @Override
  public List<LogicalPlan> inputs() {
    return List.of(left, right);
  }

  @Override
  public LogicalPlan withInputs(List<LogicalPlan> inputs) {
    return new Join(inputs.get(0), inputs.get(1), type, leftKeys, rightKeys, residual);
  }

  @Override
  public String describe() {
    Schema leftSchema = left.schema();
    Schema rightSchema = right.schema();
    StringBuilder keys = new StringBuilder();
    for (int i = 0; i < leftKeys.size(); i++) {
      if (i > 0) {
        keys.append(", ");
      }
      keys.append(leftSchema.field(leftKeys.get(i)).name())
          .append(" = ")
          .append(rightSchema.field(rightKeys.get(i)).name());
    }
    return "Join[" + type + ", " + keys + (hasResidual() ? ", residual=" + residual : "") + "]";
  }
}
