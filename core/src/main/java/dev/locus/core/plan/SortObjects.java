package dev.locus.core.plan;

import static java.util.Objects.requireNonNull;

import dev.locus.core.function.SerializableFunction;
import dev.locus.core.type.Schema;
import java.util.List;

/** Orders objects by a {@link Comparable} key a user function extracts; null keys sort last. */
public record SortObjects(
    LogicalPlan input, SerializableFunction<Object, Comparable<Object>> key, boolean ascending)
    implements LogicalPlan {
  public SortObjects {
    requireNonNull(input, "input is null");
    requireNonNull(key, "key is null");
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
    return new SortObjects(inputs.get(0), key, ascending);
  }

  @Override
  public String describe() {
    return "Sort[udf key " + (ascending ? "ASC" : "DESC") + "]";
  }

  @Override
  public String operatorName() {
    return "Sort";
  }
}
