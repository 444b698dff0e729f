package dev.locus.sql;

import static java.util.Objects.requireNonNull;

import dev.locus.core.explain.CardinalityEstimator;
import dev.locus.core.plan.LogicalPlan;
import dev.locus.core.plan.Scan;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.Statistic;
import org.apache.calcite.schema.Statistics;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.util.ImmutableBitSet;

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
    return Statistics.of(Math.max(rows, 1), uniqueKeys());
  }

  /** The source's unique keys, as columns of this table (a scan may read some columns only). */
  private List<ImmutableBitSet> uniqueKeys() {
    if (!(plan instanceof Scan scan)) {
      return List.of();
    }
    List<ImmutableBitSet> keys = new ArrayList<>();
    for (List<Integer> key : scan.source().uniqueKeys()) {
      List<Integer> columns = new ArrayList<>();
      for (int column : key) {
        int position = scan.columns().indexOf(column);
        if (position < 0) {
          break;
        }
        columns.add(position);
      }
      if (columns.size() == key.size()) {
        keys.add(ImmutableBitSet.of(columns));
      }
    }
    return keys;
  }
}
