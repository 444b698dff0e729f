package dev.locus.core.plan;

import static java.util.Objects.requireNonNull;

import dev.locus.core.type.Schema;
import java.util.List;

/**
 * Turns rows into objects of a Java record class whose components match the input columns by
 * position and type.
 */
public record RowsToObjects(LogicalPlan input, Class<?> recordClass) implements LogicalPlan {
  public RowsToObjects {
    requireNonNull(input, "input is null");
    requireNonNull(recordClass, "recordClass is null");
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
    return new RowsToObjects(inputs.get(0), recordClass);
  }

  @Override
  public String describe() {
    return "RowsToObjects[" + recordClass.getSimpleName() + "]";
  }
}
