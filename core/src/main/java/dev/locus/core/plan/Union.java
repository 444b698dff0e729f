package dev.locus.core.plan;

import static java.util.Objects.requireNonNull;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.type.Schema;
import java.util.List;

/**
 * All rows of all inputs (UNION ALL; UNION is a {@link Distinct} over it). The inputs have the same
 * column types; names come from the first.
 */
public record Union(List<LogicalPlan> inputs) implements LogicalPlan {
  public Union {
    inputs = List.copyOf(requireNonNull(inputs, "inputs is null"));
    if (inputs.size() < 2) {
      throw new IllegalArgumentException("Union needs at least two inputs; found " + inputs.size());
    }
    Schema first = inputs.get(0).schema();
    for (LogicalPlan input : inputs.subList(1, inputs.size())) {
      Schema other = input.schema();
      boolean compatible = other.size() == first.size();
      for (int i = 0; compatible && i < first.size(); i++) {
        compatible = first.type(i).equals(other.type(i));
      }
      if (!compatible) {
        throw new LocusException(
            ErrorCode.TYPE_MISMATCH,
            "Union inputs must have the same column types; found " + first + " and " + other);
      }
    }
  }

  @Override
  public Schema schema() {
    Schema first = inputs.get(0).schema();
    boolean anyNullable = false;
    for (LogicalPlan input : inputs) {
      anyNullable |= input.schema().fields().stream().anyMatch(f -> f.nullable());
    }
    return anyNullable ? first.asNullable() : first;
  }

  @Override
  public LogicalPlan withInputs(List<LogicalPlan> newInputs) {
    return new Union(newInputs);
  }

  @Override
  public String describe() {
    return "Union[" + inputs.size() + " inputs]";
  }
}
