package dev.locus.core.plan;

import static java.util.Objects.requireNonNull;

import dev.locus.core.function.SerializableFunction;
import dev.locus.core.type.Schema;
import java.util.List;

/**
 * Joins two object inputs on equal keys (by {@code equals}; null keys never match) and outputs a
 * {@link dev.locus.core.function.Pair} per match. INNER, LEFT, RIGHT and FULL joins are supported.
 */
public record JoinObjects(
    LogicalPlan left,
    LogicalPlan right,
    JoinType type,
    SerializableFunction<Object, Object> leftKey,
    SerializableFunction<Object, Object> rightKey)
    implements LogicalPlan {
  public JoinObjects {
    requireNonNull(left, "left is null");
    requireNonNull(right, "right is null");
    requireNonNull(type, "type is null");
    requireNonNull(leftKey, "leftKey is null");
    requireNonNull(rightKey, "rightKey is null");
  }

  @Override
  public Schema schema() {
    return Schema.objects("value");
  }

  @Override
  public List<LogicalPlan> inputs() {
    return List.of(left, right);
  }

  @Override
  public LogicalPlan withInputs(List<LogicalPlan> inputs) {
    return new JoinObjects(inputs.get(0), inputs.get(1), type, leftKey, rightKey);
  }

  @Override
  public String describe() {
    return "Join[" + type + ", udf keys]";
  }

  @Override
  public String operatorName() {
    return "Join";
  }
}
