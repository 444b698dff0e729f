package dev.locus.core.plan;

import static java.util.Objects.requireNonNull;

import dev.locus.core.function.SerializablePredicate;
import dev.locus.core.type.Schema;
import java.util.List;

/** Keeps the objects of an object input for which a user predicate is true. */
public record FilterObjects(LogicalPlan input, SerializablePredicate<Object> predicate)
    implements LogicalPlan {
  public FilterObjects {
    requireNonNull(input, "input is null");
    requireNonNull(predicate, "predicate is null");
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
    return new FilterObjects(inputs.get(0), predicate);
  }

  @Override
  public String describe() {
    return "Filter[udf]";
  }

  @Override
  public String operatorName() {
    return "Filter";
  }
}
