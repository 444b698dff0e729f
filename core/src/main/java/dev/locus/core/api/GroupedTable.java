package dev.locus.core.api;

import static java.util.Objects.requireNonNull;

import dev.locus.core.expr.AggregateExpression;
import dev.locus.core.expr.Expression;
import java.util.List;

/** A table grouped by key expressions, waiting for its aggregates. */
public final class GroupedTable {
  private final Table table;
  private final List<Expression> keys;

  GroupedTable(Table table, List<Expression> keys) {
    this.table = requireNonNull(table, "table is null");
    this.keys = List.copyOf(requireNonNull(keys, "keys is null"));
  }

  /** One row per group: the key columns, then one column per aggregate. */
  public Table agg(AggregateExpression... aggregates) {
    return table.aggregate(keys, List.of(aggregates));
  }
}
