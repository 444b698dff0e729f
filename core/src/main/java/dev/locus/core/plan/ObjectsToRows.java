package dev.locus.core.plan;

import static java.util.Objects.requireNonNull;

import dev.locus.core.type.Schema;
import java.util.List;

/**
 * Turns objects of a Java record class into rows: one column per record component, in declaration
 * order ({@code schema} is derived from the class by the API).
 */
public record ObjectsToRows(LogicalPlan input, Class<?> recordClass, Schema schema)
    implements LogicalPlan {
  public ObjectsToRows {
    requireNonNull(input, "input is null");
    requireNonNull(recordClass, "recordClass is null");
    requireNonNull(schema, "schema is null");
  }

  @Override
  public List<LogicalPlan> inputs() {
    return List.of(input);
  }

  @Override
  public LogicalPlan withInputs(List<LogicalPlan> inputs) {
    return new ObjectsToRows(inputs.get(0), recordClass, schema);
  }

  @Override
  public String describe() {
    return "ObjectsToRows[" + recordClass.getSimpleName() + "] " + schema.names();
  }
}
