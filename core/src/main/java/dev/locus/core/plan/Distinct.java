package dev.locus.core.plan;

import static java.util.Objects.requireNonNull;

import dev.locus.core.type.Schema;
import java.util.List;

/** Removes duplicate rows (NULLs equal each other, as in SQL DISTINCT). */
public record Distinct(LogicalPlan input) implements LogicalPlan {
  public Distinct {
    requireNonNull(input, "input is null");
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
    return new Distinct(inputs.get(0));
  }

  @Override
  public String describe() {
    return "Distinct";
  }
}
