package dev.locus.sql;

import static java.util.Objects.requireNonNull;

import dev.locus.core.explain.CardinalityEstimator;
import dev.locus.core.plan.LogicalPlan;
import dev.locus.core.plan.Scan;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.Statistic;
import org.apache.calcite.schema.Statistics;
import org.apache.calcite.schema.impl.AbstractTable;

/**
 * A table of a Locus catalog as Calcite sees it: its row type, its size, and the plan reading it.
 */
final class LocusTable extends AbstractTable {
  private final String name;
  private final LogicalPlan plan;

  LocusTable(String name, LogicalPlan plan) {
    this.name = requireNonNull(name, "name is null");
    this.plan = requireNonNull(plan, "plan is null");
  }

  String name() {
    return name;
  }

  LogicalPlan plan() {
    return plan;
  }

  @Override
  public RelDataType getRowType(RelDataTypeFactory typeFactory) {
    return SqlTypes.toCalcite(plan.schema(), typeFactory);
  }

  @Override
  public Statistic getStatistic() {
    long rows =
        plan instanceof Scan scan && scan.source().estimatedRows() >= 0
            ? scan.source().estimatedRows()
            : CardinalityEstimator.estimate(plan);
    return Statistics.of(Math.max(rows, 1), List.of());
  }
}
