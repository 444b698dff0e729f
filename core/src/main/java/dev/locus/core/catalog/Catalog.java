package dev.locus.core.catalog;

import dev.locus.core.plan.LogicalPlan;
import java.util.Optional;
import java.util.Set;

/**
 * A namespace of tables for SQL: a database reached over JDBC, the TPC-H generator, the tables a
 * session registered. A catalog holds tables and nested schemas (catalogs), as in {@code
 * pg.public.orders}. Names are listed in their stored case; SQL resolves them case-insensitively.
 */
public interface Catalog {
  /** The tables directly in this catalog. */
  Set<String> tableNames();

  /** The plan that reads a table listed by {@link #tableNames}, or empty. */
  Optional<LogicalPlan> table(String name);

  /** The schemas nested in this catalog. */
  default Set<String> schemaNames() {
    return Set.of();
  }

  /** A schema listed by {@link #schemaNames}, or empty. */
  default Optional<Catalog> schema(String name) {
    return Optional.empty();
  }
}
