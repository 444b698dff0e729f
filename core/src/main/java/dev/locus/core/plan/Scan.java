package dev.locus.core.plan;

import static java.util.Objects.requireNonNull;

import dev.locus.core.source.Source;
import dev.locus.core.type.Schema;
import java.util.List;
import java.util.stream.IntStream;

/** Reads the listed columns (indices into the source's schema) of a source. */
public record Scan(Source source, List<Integer> columns) implements LogicalPlan {
  public Scan {
    requireNonNull(source, "source is null");
    columns = List.copyOf(requireNonNull(columns, "columns is null"));
    int width = source.schema().size();
    for (int column : columns) {
      if (column < 0 || column >= width) {
        throw new IllegalArgumentException(
            "Scan column index must be in [0, " + width + "); found " + column);
      }
    }
  }

  /** Scans every column of a source. */
  public static Scan of(Source source) {
    return new Scan(source, IntStream.range(0, source.schema().size()).boxed().toList());
  }

  @Override
  public Schema schema() {
    Schema all = source.schema();
    return new Schema(columns.stream().map(all::field).toList());
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
    return "Scan[" + source.name() + "] " + schema().names();
  }
}
