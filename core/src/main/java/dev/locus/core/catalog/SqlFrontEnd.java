package dev.locus.core.catalog;

import dev.locus.core.plan.LogicalPlan;

/**
 * Turns SQL text into a Locus logical plan over a catalog. The implementation (Apache Calcite) is
 * in the {@code locus-sql} module and found through {@link java.util.ServiceLoader}.
 */
public interface SqlFrontEnd {
  /**
   * Parses, validates and translates one query. Unqualified table names resolve in {@code root};
   * qualified ones through its schemas.
   *
   * @throws dev.locus.core.error.LocusException with a syntax, unknown-name or unsupported-feature
   *     error
   */
  LogicalPlan plan(String sql, Catalog root);
}
