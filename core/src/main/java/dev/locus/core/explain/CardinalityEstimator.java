package dev.locus.core.explain;

import dev.locus.core.plan.Aggregate;
import dev.locus.core.plan.Distinct;
import dev.locus.core.plan.Filter;
import dev.locus.core.plan.FilterObjects;
import dev.locus.core.plan.FlatMapObjects;
import dev.locus.core.plan.GroupObjects;
import dev.locus.core.plan.Join;
import dev.locus.core.plan.JoinObjects;
import dev.locus.core.plan.Limit;
import dev.locus.core.plan.LogicalPlan;
import dev.locus.core.plan.ReduceObjectsByKey;
import dev.locus.core.plan.Scan;
import dev.locus.core.plan.Sink;
import dev.locus.core.plan.TopN;
import dev.locus.core.plan.Union;
import dev.locus.core.plan.Values;

/**
 * Simple textbook estimates of output rows, until the cost model brings statistics: a filter keeps
 * a quarter, a grouped aggregate or distinct a tenth, an equi-join its larger input, a semi or anti
 * join half of its left input.
 */
public final class CardinalityEstimator {
  /** Rows assumed for a source that cannot tell. */
  public static final long UNKNOWN_SOURCE_ROWS = 1_000_000;

  private CardinalityEstimator() {}

  public static long estimate(LogicalPlan plan) {
    if (plan instanceof Scan scan) {
      long rows = scan.source().estimatedRows();
      return rows >= 0 ? rows : UNKNOWN_SOURCE_ROWS;
    }
    if (plan instanceof Values values) {
      return values.rows().size();
    }
    if (plan instanceof Filter || plan instanceof FilterObjects) {
      return Math.max(1, estimate(plan.inputs().get(0)) / 4);
    }
    if (plan instanceof Aggregate aggregate) {
      return aggregate.groupKeys().isEmpty() ? 1 : Math.max(1, estimate(aggregate.input()) / 10);
    }
    if (plan instanceof Distinct
        || plan instanceof ReduceObjectsByKey
        || plan instanceof GroupObjects) {
      return Math.max(1, estimate(plan.inputs().get(0)) / 10);
    }
    if (plan instanceof FlatMapObjects) {
      return estimate(plan.inputs().get(0)) * 2;
    }
    if (plan instanceof Join join) {
      long left = estimate(join.left());
      long right = estimate(join.right());
      return switch (join.type()) {
        case SEMI, ANTI -> Math.max(1, left / 2);
        case LEFT -> Math.max(left, join.leftKeys().isEmpty() ? left * right : right);
        case RIGHT -> Math.max(right, join.leftKeys().isEmpty() ? left * right : left);
        case INNER, FULL -> join.leftKeys().isEmpty() ? left * right : Math.max(left, right);
      };
    }
    if (plan instanceof JoinObjects join) {
      return Math.max(estimate(join.left()), estimate(join.right()));
    }
    if (plan instanceof Limit limit) {
      return Math.min(limit.count(), Math.max(0, estimate(limit.input()) - limit.offset()));
    }
    if (plan instanceof TopN topN) {
      return Math.min(topN.count(), estimate(topN.input()));
    }
    if (plan instanceof Union union) {
      return union.inputs().stream().mapToLong(CardinalityEstimator::estimate).sum();
    }
    if (plan instanceof Sink) {
      return 1;
    }
    // Project, Sort, Map and the conversions keep their input's row count.
    return estimate(plan.inputs().get(0));
  }
}
