package dev.locus.cluster.coordinator;

import static java.util.Objects.requireNonNull;

import dev.locus.core.expr.AggregateFunction;
import dev.locus.core.plan.Aggregate;
import dev.locus.core.plan.AggregateCall;
import dev.locus.core.plan.Filter;
import dev.locus.core.plan.LogicalPlan;
import dev.locus.core.plan.Project;
import dev.locus.core.plan.Scan;
import dev.locus.core.source.remote.RemoteTableSource;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Cuts a job's plan into stages that run on the workers near the data and a final plan for the
 * coordinator. A stage is a scan of a cluster table with the filters and projections above it, and
 * a partial aggregation when an aggregation over it can be split (SUM, COUNT, MIN, MAX without
 * DISTINCT); each of its tasks reads one split where the table lives. The final plan reads the
 * stages' outputs.
 *
 * <pre>
 *   Aggregate[sum(x)]                  final:  Aggregate[sum(x)] over stage 0's output
 *     Filter                    ==>
 *       Scan tpch.sf1.lineitem         stage 0: Aggregate[sum(x)] (partial)
 *                                                 Filter
 *                                                   Scan tpch.sf1.lineitem  (one task per split)
 * </pre>
 */
public final class Fragmenter {
  private Fragmenter() {}

  /** A stage: a fragment over one cluster table, run once per split of it. */
  public record Stage(
      int stageId, LogicalPlan fragment, RemoteTableSource table, String description) {
    public Stage {
      requireNonNull(fragment, "fragment is null");
      requireNonNull(table, "table is null");
      requireNonNull(description, "description is null");
    }
  }

  /** The stages and the final plan over their outputs. */
  public record JobPlan(List<Stage> stages, LogicalPlan finalPlan) {
    public JobPlan {
      stages = List.copyOf(stages);
      requireNonNull(finalPlan, "finalPlan is null");
    }
  }

  public static JobPlan cut(LogicalPlan plan) {
    List<Stage> stages = new ArrayList<>();
    LogicalPlan finalPlan = cut(plan, stages);
    return new JobPlan(stages, finalPlan);
  }

  private static LogicalPlan cut(LogicalPlan plan, List<Stage> stages) {
    if (plan instanceof Aggregate aggregate
        && runsOnWorkers(aggregate.input())
        && splittable(aggregate)) {
      return splitAggregate(aggregate, stages);
    }
    if (runsOnWorkers(plan)) {
      return stage(plan, "", stages);
    }
    List<LogicalPlan> inputs = new ArrayList<>();
    for (LogicalPlan input : plan.inputs()) {
      inputs.add(cut(input, stages));
    }
    return plan.inputs().isEmpty() ? plan : plan.withInputs(inputs);
  }

  /** A scan of a cluster table under filters and projections only. */
  private static boolean runsOnWorkers(LogicalPlan plan) {
    if (plan instanceof Scan scan) {
      return scan.source() instanceof RemoteTableSource;
    }
    if (plan instanceof Filter || plan instanceof Project) {
      return runsOnWorkers(plan.inputs().get(0));
    }
    return false;
  }

  private static boolean splittable(Aggregate aggregate) {
    for (AggregateCall call : aggregate.aggregates()) {
      if (call.distinct() || call.function() == AggregateFunction.AVG) {
        return false;
      }
    }
    return true;
  }

  private static LogicalPlan stage(LogicalPlan fragment, String suffix, List<Stage> stages) {
    int stageId = stages.size();
    RemoteTableSource table = tableOf(fragment);
    stages.add(new Stage(stageId, fragment, table, describe(fragment) + suffix));
    return Scan.of(new StageOutputSource(stageId, fragment.schema(), table.estimatedRows()));
  }

  /** Partial aggregation in the stage, final aggregation (counts summed) over its output. */
  private static LogicalPlan splitAggregate(Aggregate aggregate, List<Stage> stages) {
    LogicalPlan output = stage(aggregate, " (partial)", stages);
    int keys = aggregate.groupKeys().size();
    List<AggregateCall> finals = new ArrayList<>();
    for (int i = 0; i < aggregate.aggregates().size(); i++) {
      AggregateCall partial = aggregate.aggregates().get(i);
      AggregateFunction function =
          partial.function() == AggregateFunction.COUNT
              ? AggregateFunction.SUM
              : partial.function();
      finals.add(AggregateCall.of(function, keys + i, partial.type(), false, partial.name()));
    }
    return new Aggregate(output, IntStream.range(0, keys).boxed().toList(), finals);
  }

  private static RemoteTableSource tableOf(LogicalPlan plan) {
    if (plan instanceof Scan scan) {
      return (RemoteTableSource) scan.source();
    }
    return tableOf(plan.inputs().get(0));
  }

  private static String describe(LogicalPlan plan) {
    if (plan instanceof Scan scan) {
      return "Scan " + scan.source().name();
    }
    return describe(plan.inputs().get(0)) + " → " + plan.operatorName();
  }
}
