package dev.locus.core.plan;

import static java.util.Objects.requireNonNull;

import dev.locus.core.function.SerializableBiFunction;
import dev.locus.core.function.SerializableFunction;
import dev.locus.core.type.Schema;
import java.util.List;

/**
 * Groups the objects of an object input by key (by {@code equals}) and applies a user function to
 * each key and the list of its objects, producing one object per group.
 */
public record GroupObjects(
    LogicalPlan input,
    SerializableFunction<Object, Object> key,
    SerializableBiFunction<Object, List<Object>, Object> groupFunction)
    implements LogicalPlan {
  public GroupObjects {
    requireNonNull(input, "input is null");
    requireNonNull(key, "key is null");
    requireNonNull(groupFunction, "groupFunction is null");
  }

  @Override
  public Schema schema() {
    return Schema.objects("value");
  }

  @Override
  public List<LogicalPlan> inputs() {
    return List.of(input);
  }

  @Override
  public LogicalPlan withInputs(List<LogicalPlan> inputs) {
    return new GroupObjects(inputs.get(0), key, groupFunction);
  }

  @Override
  public String describe() {
    return "GroupByKey[udf]";
  }

  @Override
  public String operatorName() {
    return "GroupByKey";
  }
}
