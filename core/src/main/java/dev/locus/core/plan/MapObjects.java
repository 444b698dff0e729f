package dev.locus.core.plan;

import static java.util.Objects.requireNonNull;

import dev.locus.core.function.SerializableFunction;
import dev.locus.core.type.Schema;
import java.util.List;

/** Applies a user function to each object of an object input. */
public record MapObjects(LogicalPlan input, SerializableFunction<Object, Object> function)
    implements LogicalPlan {
  public MapObjects {
    requireNonNull(input, "input is null");
    requireNonNull(function, "function is null");
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
    return new MapObjects(inputs.get(0), function);
  }

  @Override
  public String describe() {
    return "Map[udf]";
  }

  @Override
  public String operatorName() {
    return "Map";
  }
}
