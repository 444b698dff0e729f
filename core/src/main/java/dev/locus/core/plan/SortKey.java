package dev.locus.core.plan;

/**
 * One key of a sort: input column, direction, and where NULLs go. SQL's default puts NULLs last
 * ascending and first descending (as PostgreSQL and DuckDB do).
 */
public record SortKey(int column, boolean ascending, boolean nullsFirst) {
  public SortKey {
    if (column < 0) {
      throw new IllegalArgumentException("Sort column must be non-negative; found " + column);
    }
  }

  public static SortKey ascending(int column) {
    return new SortKey(column, true, false);
  }

  public static SortKey descending(int column) {
    return new SortKey(column, false, true);
  }

  @Override
  public String toString() {
    return "$"
        + column
        + (ascending ? " ASC" : " DESC")
        + (nullsFirst ? " NULLS FIRST" : " NULLS LAST");
  }
}
