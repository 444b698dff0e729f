package dev.locus.costmodel;

import dev.locus.core.execution.ExecutionStats;
import dev.locus.core.explain.CardinalityEstimator;
import dev.locus.core.explain.PlanPrinter;
import dev.locus.core.plan.LogicalPlan;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * An optimized plan: the logical plan with a platform per operator, and the plan to execute (each
 * non-native sub-plan replaced by a scan of its platform's result).
 */
public final class Optimized {
  private final LogicalPlan logical;
  private final LogicalPlan executable;
  private final IdentityHashMap<LogicalPlan, String> assignment;
  private final IdentityHashMap<LogicalPlan, Optimizer.NodeCosts> costs;
  private final Map<String, Double> rootTotals;
  private final double totalCost;
  private final Map<String, String> unavailable;
  private final Supplier<Map<String, String>> parameters;

  Optimized(
      LogicalPlan logical,
      LogicalPlan executable,
      IdentityHashMap<LogicalPlan, String> assignment,
      IdentityHashMap<LogicalPlan, Optimizer.NodeCosts> costs,
      Map<String, Double> rootTotals,
      double totalCost,
      Map<String, String> unavailable,
      Supplier<Map<String, String>> parameters) {
    this.rootTotals = rootTotals;
    this.parameters = parameters;
    this.logical = logical;
    this.executable = executable;
    this.assignment = assignment;
    this.costs = costs;
    this.totalCost = totalCost;
    this.unavailable = unavailable;
  }

  public LogicalPlan executable() {
    return executable;
  }

  public LogicalPlan logical() {
    return logical;
  }

  /** The platform chosen for an operator of {@link #logical()}. */
  public String platformOf(LogicalPlan node) {
    return assignment.get(node);
  }

  /** The estimated cost of the whole plan, in milliseconds. */
  public double totalCost() {
    return totalCost;
  }

  /**
   * Why the plan's result is computed where it is: the whole query's estimated cost with its last
   * operator on each platform that can run it, cheapest first.
   */
  public String reason() {
    StringBuilder text = new StringBuilder();
    rootTotals.entrySet().stream()
        .sorted(Map.Entry.comparingByValue())
        .forEach(
            entry ->
                text.append(text.length() == 0 ? "" : " < ")
                    .append(
                        String.format(
                            Locale.ROOT, "%s %.1f ms", entry.getKey(), entry.getValue())));
    text.append(" (total estimated cost of the query with its result computed on each platform)");
    return text.toString();
  }

  /**
   * Per operator: the chosen platform, estimated rows and cost (of its subtree there), and each
   * other platform's cost or why it cannot run the operator; then the plan as executed, where a
   * scan of a platform's result shows what runs there (for a database, the generated SQL).
   */
  public String explain(ExecutionStats stats) {
    StringBuilder text = new StringBuilder();
    text.append(String.format(Locale.ROOT, "Platforms (estimated cost %.1f ms):%n", totalCost));
    text.append("Why: ").append(reason()).append('\n');
    text.append("Cost parameters:\n");
    parameters
        .get()
        .forEach(
            (name, description) ->
                text.append("  ").append(name).append(": ").append(description).append('\n'));
    print(logical, 0, new int[] {0}, text);
    unavailable.forEach(
        (name, reason) ->
            text.append("(platform ")
                .append(name)
                .append(" unavailable: ")
                .append(reason)
                .append(")\n"));
    IdentityHashMap<LogicalPlan, Long> estimatedRows = new IdentityHashMap<>();
    executedEstimates(logical, executable, estimatedRows);
    text.append("Executed plan:\n")
        .append(
            PlanPrinter.explain(
                executable,
                stats,
                node -> {
                  Long rows = estimatedRows.get(node);
                  return rows != null ? rows : CardinalityEstimator.estimate(node);
                }));
    return text.toString();
  }

  /**
   * The cost model's row estimate for each operator of the executed plan: the executed plan has the
   * logical plan's shape down to each sub-plan run on another platform, which became a scan of its
   * result (estimated as the sub-plan's root).
   */
  private void executedEstimates(
      LogicalPlan node, LogicalPlan executed, IdentityHashMap<LogicalPlan, Long> estimatedRows) {
    Optimizer.NodeCosts nodeCosts = costs.get(node);
    if (nodeCosts == null) {
      return;
    }
    estimatedRows.put(executed, nodeCosts.rows);
    if (!Optimizer.NATIVE.equals(assignment.get(node))
        || node.inputs().size() != executed.inputs().size()) {
      return;
    }
    for (int i = 0; i < node.inputs().size(); i++) {
      executedEstimates(node.inputs().get(i), executed.inputs().get(i), estimatedRows);
    }
  }

  private void print(LogicalPlan node, int depth, int[] nextId, StringBuilder text) {
    int id = nextId[0]++;
    Optimizer.NodeCosts nodeCosts = costs.get(node);
    String chosen = assignment.get(node);
    text.append("  ".repeat(depth))
        .append(depth == 0 ? "" : "└─ ")
        .append(node.describe())
        .append("  (#")
        .append(id)
        .append(", ")
        .append(chosen)
        .append(", est. rows ")
        .append(nodeCosts.rows)
        .append(" [")
        .append(nodeCosts.confidence.name().toLowerCase(Locale.ROOT))
        .append("]")
        .append(String.format(Locale.ROOT, ", cost %.1f ms", nodeCosts.best.get(chosen)));
    for (Map.Entry<String, Double> alternative : nodeCosts.best.entrySet()) {
      if (!alternative.getKey().equals(chosen)) {
        text.append(
            String.format(
                Locale.ROOT, "; %s %.1f ms", alternative.getKey(), alternative.getValue()));
      }
    }
    for (Map.Entry<String, String> reason : nodeCosts.reasons.entrySet()) {
      text.append("; ").append(reason.getKey()).append(" cannot: ").append(reason.getValue());
    }
    text.append(")\n");
    for (LogicalPlan input : node.inputs()) {
      print(input, depth + 1, nextId, text);
    }
  }
}
