package dev.locus.core.execution;

import static java.util.Objects.requireNonNull;

import dev.locus.core.type.Schema;
import java.util.Collections;
import java.util.List;

/**
 * The rows of a finished query as Java values (see {@link dev.locus.core.type.DataType}), and what
 * its execution measured. A row of an object plan holds one object.
 */
public record QueryResult(Schema schema, List<List<Object>> rows, ExecutionStats stats) {
  public QueryResult {
    requireNonNull(schema, "schema is null");
    rows = Collections.unmodifiableList(requireNonNull(rows, "rows is null"));
    requireNonNull(stats, "stats is null");
  }
}
