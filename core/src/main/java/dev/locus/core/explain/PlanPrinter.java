package dev.locus.core.explain;

import static java.util.Objects.requireNonNull;

import dev.locus.core.execution.ExecutionStats;
import dev.locus.core.execution.OperatorStats;
import dev.locus.core.plan.LogicalPlan;
import java.util.Locale;
import java.util.Optional;
import java.util.function.ToLongFunction;

/**
 * Renders a plan as an indented tree, one operator a line, numbered in pre-order (the numbering
 * {@link OperatorStats#nodeId()} uses), with estimated rows and, after a run, actual rows and time.
 */
public final class PlanPrinter {
  private PlanPrinter() {}

  public static String explain(LogicalPlan plan) {
    return explain(plan, null);
  }

  /** With measured rows and time per operator when {@code stats} is not null. */
  public static String explain(LogicalPlan plan, ExecutionStats stats) {
    return explain(plan, stats, CardinalityEstimator::estimate);
  }

  /**
   * With the estimated rows of each operator from {@code estimatedRows} (a cost model's, where it
   * ran) instead of {@link CardinalityEstimator}'s, and measured rows and time per operator when
   * {@code stats} is not null.
   */
  public static String explain(
      LogicalPlan plan, ExecutionStats stats, ToLongFunction<LogicalPlan> estimatedRows) {
    requireNonNull(plan, "plan is null");
    requireNonNull(estimatedRows, "estimatedRows is null");
    StringBuilder text = new StringBuilder();
    print(plan, 0, new int[] {0}, stats, estimatedRows, text);
    return text.toString();
  }

  private static void print(
      LogicalPlan plan,
      int depth,
      int[] nextId,
      ExecutionStats stats,
      ToLongFunction<LogicalPlan> estimatedRows,
      StringBuilder text) {
    int id = nextId[0]++;
    text.append("  ".repeat(depth))
        .append(depth == 0 ? "" : "└─ ")
        .append(plan.describe())
        .append("  (#")
        .append(id)
        .append(", est. rows ")
        .append(estimatedRows.applyAsLong(plan));
    if (stats != null) {
      Optional<OperatorStats> measured = stats.forNode(id);
      measured.ifPresent(
          operator ->
              text.append(", rows ")
                  .append(operator.rowsOut())
                  .append(", ")
                  .append(String.format(Locale.ROOT, "%.1f ms", operator.cpuNanos() / 1e6)));
    }
    text.append(")\n");
    for (LogicalPlan input : plan.inputs()) {
      print(input, depth + 1, nextId, stats, estimatedRows, text);
    }
  }
}
