package dev.locus.core.plan;

import static java.util.Objects.requireNonNull;

import dev.locus.core.type.Schema;
import java.util.List;

/** Skips {@code offset} rows, then keeps at most {@code count} rows of its input's order. */
public record Limit(LogicalPlan input, long offset, long count) implements LogicalPlan {
  public Limit {
    requireNonNull(input, "input is null");
    if (offset < 0 || count < 0) {
      throw new IllegalArgumentException(
          "Limit offset and count must be non-negative; found offset "
              + offset
              + ", count "
              + count);
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
    return new Limit(inputs.get(0), offset, count);
  }

  @Override
  public String describe() {
    return "Limit[" + (offset > 0 ? "offset=" + offset + ", " : "") + count + "]";
  }
}
