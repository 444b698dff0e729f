package dev.locus.core.plan;

import static java.util.Objects.requireNonNull;

import dev.locus.core.type.Schema;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Literal rows; each value is null or an instance of its column type's Java class. Object rows
 * ({@link Schema#isObjects()}) hold the objects of a typed collection.
 */
public record Values(Schema schema, List<List<Object>> rows) implements LogicalPlan {
  public Values {
    requireNonNull(schema, "schema is null");
    List<List<Object>> copy = new ArrayList<>(rows.size());
    for (List<Object> row : rows) {
      if (row.size() != schema.size()) {
        throw new IllegalArgumentException(
            "Row must have " + schema.size() + " values to match " + schema + "; found " + row);
      }
      copy.add(Collections.unmodifiableList(new ArrayList<>(row)));
    }
    rows = Collections.unmodifiableList(copy);
  }

  @Override
  public List<LogicalPlan> inputs() {
    return List.of();
  }

  @Override
  public LogicalPlan withInputs(List<LogicalPlan> inputs) {
    return this;
  }

  @Override
  public String describe() {
    return "Values[" + rows.size() + " rows] " + schema.names();
  }

  @Override
  public String toString() {
    return describe();
  }
}
