package dev.locus.client;

import static java.util.Objects.requireNonNull;

import dev.locus.core.type.Schema;
import java.util.Collections;
import java.util.List;

/**
 * The rows of a finished job as Java values (see {@link dev.locus.core.type.DataType}), with the
 * schema the result stream declared.
 */
public record JobResult(Schema schema, List<List<Object>> rows) {
  public JobResult {
    requireNonNull(schema, "schema is null");
    rows = Collections.unmodifiableList(requireNonNull(rows, "rows is null"));
  }
}
