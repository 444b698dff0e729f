package dev.locus.core.plan;

import static java.util.Objects.requireNonNull;

import dev.locus.core.type.Schema;
import java.util.List;

/** Orders all rows by the keys; ties keep no particular order. */
public record Sort(LogicalPlan input, List<SortKey> keys) implements LogicalPlan {
  public Sort {
    requireNonNull(input, "input is null");
    keys = List.copyOf(requireNonNull(keys, "keys is null"));
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
    return new Sort(inputs.get(0), keys);
  }

  @Override
  public String describe() {
    return "Sort" + SortKeys.describe(keys, input.schema());
  }
}
