package dev.locus.core.source;

import java.util.Optional;

/**
 * A source that keeps statistics of its rows itself, such as a database whose catalog holds what
 * {@code ANALYZE} gathered. The cost model prefers these to sampling the source's first rows, and
 * samples when they are absent.
 */
public interface StatisticsSource extends Source {
  /**
   * The source's own statistics of its rows (one entry per column of {@link #schema()}), or empty
   * when it has none now: a table never analyzed, or a database that cannot answer. Never throws
   * for an unreachable database: statistics are an optimization, and reading the rows reports the
   * error.
   */
  Optional<TableStatistics> statistics();
}
