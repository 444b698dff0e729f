package dev.locus.core.execution;

import dev.locus.core.plan.LogicalPlan;

/**
 * Runs logical plans. {@code Locus.local()} finds its implementation through {@link
 * QueryExecutorFactory} (a {@link java.util.ServiceLoader} service), so the API in {@code core}
 * does not depend on the engine that runs it.
 */
public interface QueryExecutor extends AutoCloseable {
  /** Runs a plan to completion and returns all its rows. */
  QueryResult execute(LogicalPlan plan);

  /**
   * What running {@code plan} does, operator by operator, with measured rows and times when {@code
   * stats} (from running it) is not null.
   */
  default String explain(LogicalPlan plan, ExecutionStats stats) {
    return dev.locus.core.explain.PlanPrinter.explain(
        dev.locus.core.plan.rewrite.LogicalRewrites.apply(plan), stats);
  }

  /** The parallelism plans run with (partitions per stage). */
  int parallelism();

  @Override
  void close();
}
