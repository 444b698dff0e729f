package dev.locus.core.plan;

import static java.util.Objects.requireNonNull;

import dev.locus.core.expr.RowExpression;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Schema;
import java.util.List;

/** Keeps the rows for which a BOOLEAN condition is TRUE (not FALSE, not NULL). */
public record Filter(LogicalPlan input, RowExpression condition) implements LogicalPlan {
  public Filter {
    requireNonNull(input, "input is null");
    requireNonNull(condition, "condition is null");
    if (!condition.type().equals(DataType.BOOLEAN)) {
      throw new IllegalArgumentException(
          "Filter condition must be BOOLEAN; found " + condition.type());
    }
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
    return new Filter(inputs.get(0), condition);
  }

  @Override
  public String describe() {
    return "Filter[" + condition + "]";
  }
}
