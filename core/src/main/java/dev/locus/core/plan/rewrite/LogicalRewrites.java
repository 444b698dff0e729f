package dev.locus.core.plan.rewrite;

import dev.locus.core.plan.LogicalPlan;

/**
 * The logical rewrites every plan gets before it runs (and before {@code explain} prints it). They
 * keep the plan's shape node for node, so operator numbering is the same before and after. The
 * cost-based optimizer (the cost-model module) will take these over.
 */
public final class LogicalRewrites {
  private LogicalRewrites() {}

  public static LogicalPlan apply(LogicalPlan plan) {
    return PruneColumns.rewrite(plan);
  }
}
