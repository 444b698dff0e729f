package dev.locus.core.plan;

import static java.util.Objects.requireNonNull;

import dev.locus.core.type.Schema;
import java.util.List;

/** The first {@code count} rows in the order of the keys: a Sort followed by a Limit. */
public record TopN(LogicalPlan input, List<SortKey> keys, long count) implements LogicalPlan {
  public TopN {
    requireNonNull(input, "input is null");
    keys = List.copyOf(requireNonNull(keys, "keys is null"));
    if (count < 0) {
      throw new IllegalArgumentException("TopN count must be non-negative; found " + count);
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
    return new TopN(inputs.get(0), keys, count);
  }

  @Override
  public String describe() {
    return "TopN[" + count + ", " + SortKeys.describe(keys, input.schema()) + "]";
  }
}
