package dev.locus.core.plan;

import static java.util.Objects.requireNonNull;

import dev.locus.core.type.Field;
import dev.locus.core.type.Schema;
import java.util.ArrayList;
import java.util.List;

/**
 * Groups rows by the input columns {@code groupKeys} and computes the aggregates per group. The
 * output is the group columns followed by one column per aggregate. Without group keys there is
 * exactly one output row, even over no input (SQL semantics). NULL keys form one group.
 */
public record Aggregate(LogicalPlan input, List<Integer> groupKeys, List<AggregateCall> aggregates)
    implements LogicalPlan {
  public Aggregate {
    requireNonNull(input, "input is null");
    groupKeys = List.copyOf(requireNonNull(groupKeys, "groupKeys is null"));
    aggregates = List.copyOf(requireNonNull(aggregates, "aggregates is null"));
  }

  @Override
  public Schema schema() {
    Schema inputSchema = input.schema();
    List<Field> fields = new ArrayList<>();
    for (int key : groupKeys) {
      fields.add(inputSchema.field(key));
    }
    for (AggregateCall call : aggregates) {
      boolean nullable = call.function() != dev.locus.core.expr.AggregateFunction.COUNT;
      fields.add(new Field(call.name(), call.type(), nullable));
    }
    return new Schema(fields);
  }

  @Override
  public List<LogicalPlan> inputs() {
    return List.of(input);
  }

  @Override
  public LogicalPlan withInputs(List<LogicalPlan> inputs) {
    return new Aggregate(inputs.get(0), groupKeys, aggregates);
  }

  @Override
  public String describe() {
    Schema inputSchema = input.schema();
    return "Aggregate[keys="
        + groupKeys.stream().map(key -> inputSchema.field(key).name()).toList()
        + ", "
        + aggregates
        + "]";
  }
}
