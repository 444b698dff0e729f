package dev.locus.core.plan;

import static java.util.Objects.requireNonNull;

import dev.locus.core.sink.SinkTarget;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Field;
import dev.locus.core.type.Schema;
import java.util.List;

/** Writes its input to a target; outputs one row with the number of rows written. */
public record Sink(LogicalPlan input, SinkTarget target) implements LogicalPlan {
  public Sink {
    requireNonNull(input, "input is null");
    requireNonNull(target, "target is null");
  }

  @Override
  public Schema schema() {
    return Schema.of(Field.notNull("rows_written", DataType.BIGINT));
  }

  @Override
  public List<LogicalPlan> inputs() {
    return List.of(input);
  }

  @Override
  public LogicalPlan withInputs(List<LogicalPlan> inputs) {
    return new Sink(inputs.get(0), target);
  }

  @Override
  public String describe() {
    return "Sink[" + target.name() + "]";
  }
}
