package dev.locus.core.plan;

import static java.util.Objects.requireNonNull;

import dev.locus.core.function.SerializableBinaryOperator;
import dev.locus.core.function.SerializableFunction;
import dev.locus.core.type.Schema;
import java.util.List;

/**
 * Reduces the objects of each key (by {@code equals}) to one with an associative reducer; the
 * reducer runs on each partition before the shuffle (a combiner) and again after it.
 */
public record ReduceObjectsByKey(
    LogicalPlan input,
    SerializableFunction<Object, Object> key,
    SerializableBinaryOperator<Object> reducer)
    implements LogicalPlan {
  public ReduceObjectsByKey {
    requireNonNull(input, "input is null");
    requireNonNull(key, "key is null");
    requireNonNull(reducer, "reducer is null");
  }

  @Override
  public Schema schema() {
    return input.schema();
  }

  @Override
  public List<LogicalPlan> inputs() {
    return List.of(input);
  }

  @Override
  public LogicalPlan withInputs(List<LogicalPlan> inputs) {
    return new ReduceObjectsByKey(inputs.get(0), key, reducer);
  }

  @Override
  public String describe() {
    return "ReduceByKey[udf]";
  }

  @Override
  public String operatorName() {
    return "ReduceByKey";
  }
}
