package dev.locus.sql.tpch;

import static java.util.Objects.requireNonNull;

import dev.locus.core.execution.QueryResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The rows of a query's result as Java values, with the column names, whichever engine produced
 * them.
 *
 * @param columns the column names (shown in messages; not compared)
 * @param rows the rows; values may be null
 */
public record ResultRows(List<String> columns, List<List<Object>> rows) {
  public ResultRows {
    columns = List.copyOf(requireNonNull(columns, "columns is null"));
    requireNonNull(rows, "rows is null");
    List<List<Object>> copy = new ArrayList<>(rows.size());
    for (List<Object> row : rows) {
      copy.add(Collections.unmodifiableList(new ArrayList<>(row)));
    }
    rows = Collections.unmodifiableList(copy);
  }

  /** The rows of a finished Locus query. */
  public static ResultRows of(QueryResult result) {
    requireNonNull(result, "result is null");
    return new ResultRows(result.schema().names(), result.rows());
  }

  public int size() {
    return rows.size();
  }
}
