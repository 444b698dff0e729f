package dev.locus.core.api;

import static java.util.Objects.requireNonNull;

import dev.locus.core.expr.Expression;

/** An ORDER BY item: an expression, direction and NULL placement. */
public record SortOrder(Expression expression, boolean ascending, boolean nullsFirst) {
  public SortOrder {
    requireNonNull(expression, "expression is null");
  }

  /** Ascending, NULLs last (the SQL default). */
  public static SortOrder asc(Expression expression) {
    return new SortOrder(expression, true, false);
  }

  /** Descending, NULLs first (the SQL default). */
  public static SortOrder desc(Expression expression) {
    return new SortOrder(expression, false, true);
  }

  public SortOrder withNullsFirst() {
    return new SortOrder(expression, ascending, true);
  }

  public SortOrder withNullsLast() {
    return new SortOrder(expression, ascending, false);
  }
}
