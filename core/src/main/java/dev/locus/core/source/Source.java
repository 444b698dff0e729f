package dev.locus.core.source;

import dev.locus.core.type.Schema;
import java.util.List;

/**
 * Where a {@link dev.locus.core.plan.Scan} reads rows: a file, a database table, a generator. A
 * source is split into independent splits that run in parallel.
 */
public interface Source {
  /** For explain and errors: {@code csv:/data/inventory.csv}, {@code tpch:lineitem(sf=0.01)}. */
  String name();

  Schema schema();

  /** Estimated row count, or -1 when unknown. */
  long estimatedRows();

  /**
   * Sets of columns (indices into {@link #schema}) whose values are unique together, such as a
   * primary key; empty when unknown. The optimizer uses them to estimate join sizes.
   */
  default List<List<Integer>> uniqueKeys() {
    return List.of();
  }

  /** Splits for about {@code parallelism} parallel readers; never empty. */
  List<SourceSplit> splits(int parallelism);
}
