package dev.locus.core.plan;

import dev.locus.core.type.Schema;
import java.util.List;

/**
 * A node of an immutable logical plan. Each node knows its output schema and its inputs; a rewrite
 * returns a new tree ({@link #withInputs}). Column references in a node's expressions are indices
 * into the concatenated schemas of its inputs.
 */
public sealed interface LogicalPlan
    permits Scan,
        Values,
        Filter,
        Project,
        Aggregate,
        Join,
        Sort,
        Limit,
        TopN,
        Distinct,
        Union,
        Sink,
        PlatformHint,
        MapObjects,
        FlatMapObjects,
        FilterObjects,
        ObjectsToRows,
        RowsToObjects,
        ReduceObjectsByKey,
        GroupObjects,
        JoinObjects,
        SortObjects {

  Schema schema();

  List<LogicalPlan> inputs();

  /** This node over other inputs (same count, compatible schemas). */
  LogicalPlan withInputs(List<LogicalPlan> inputs);

  /** One line for {@code explain}: the operator and its arguments, without inputs. */
  String describe();

  /** The operator name used in explain output, metrics and error messages. */
  default String operatorName() {
    return getClass().getSimpleName();
  }
}
