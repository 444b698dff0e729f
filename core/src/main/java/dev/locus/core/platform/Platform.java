package dev.locus.core.platform;

import dev.locus.core.plan.LogicalPlan;
import dev.locus.core.plan.Scan;
import dev.locus.core.source.Source;
import java.util.Optional;

/**
 * Somewhere a sub-plan can run: Locus's own engine ({@code native}), the SQL database that owns the
 * data ({@code jdbc}), Apache Spark ({@code spark}) or Apache Flink ({@code flink}). The optimizer
 * assigns each operator a platform; a sub-plan assigned to a platform other than native becomes a
 * {@link Source} ({@link #run}) that the native engine reads as Arrow batches.
 *
 * <p>Implementations of Spark and Flink live in their own class loaders (DESIGN.md section 5): only
 * this package, the plan and type classes of core, and Arrow cross that boundary.
 */
public interface Platform extends AutoCloseable {
  /** {@code native}, {@code jdbc}, {@code spark}, {@code flink}: what users name in --platform. */
  String name();

  /**
   * Whether this platform can run {@code node} when its inputs run here too: empty when it can,
   * else why not (shown by explain, and in the error when a user forces this platform).
   */
  Optional<String> cannotRun(LogicalPlan node);

  /**
   * A source that runs {@code plan} here when read and returns its rows as Arrow batches of {@code
   * plan.schema()}. Every node of {@code plan} passed {@link #cannotRun}. Running starts when the
   * source's splits are opened, not here.
   */
  Source run(LogicalPlan plan);

  /** This platform's cost parameters (from a calibration run, or the shipped defaults). */
  PlatformCosts costs();

  /**
   * What this platform's costs depend on, for explain and calibration: for example a Spark master
   * and its cores. A calibration measured under another configuration does not apply to this one.
   */
  default String configuration() {
    return "";
  }

  /**
   * Whether this platform reads {@code scan}'s data where it lives (a database its workers connect
   * to) rather than receiving the rows from Locus: then moving rows in costs nothing.
   */
  default boolean readsDirectly(Scan scan) {
    return false;
  }

  /** Releases what the platform holds (a Spark session, a Flink mini cluster). */
  @Override
  default void close() {}
}
