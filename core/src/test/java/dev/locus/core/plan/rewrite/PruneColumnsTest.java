package dev.locus.core.plan.rewrite;

import static dev.locus.core.expr.Expressions.col;
import static dev.locus.core.expr.Expressions.countStar;
import static dev.locus.core.expr.Expressions.sum;
import static org.assertj.core.api.Assertions.assertThat;

import dev.locus.core.api.Locus;
import dev.locus.core.api.Table;
import dev.locus.core.execution.QueryExecutor;
import dev.locus.core.execution.QueryResult;
import dev.locus.core.explain.PlanPrinter;
import dev.locus.core.plan.JoinType;
import dev.locus.core.plan.LogicalPlan;
import dev.locus.core.source.Source;
import dev.locus.core.source.SourceSplit;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Field;
import dev.locus.core.type.Schema;
import java.util.List;
import org.junit.jupiter.api.Test;

class PruneColumnsTest {
  /** A source that is only planned over, never read. */
  private record PlannedSource(String name, Schema schema) implements Source {
    @Override
    public long estimatedRows() {
      return 100;
    }

    @Override
    public List<SourceSplit> splits(int parallelism) {
      throw new AssertionError("not read in this test");
    }
  }

  private static final class PlanningOnlyExecutor implements QueryExecutor {
    @Override
    public QueryResult execute(LogicalPlan plan) {
      throw new AssertionError("not run in this test");
    }

    @Override
    public int parallelism() {
      return 1;
    }

    @Override
    public void close() {}
  }

  private final Locus locus = Locus.using(new PlanningOnlyExecutor());
  private final Table orders =
      locus.read(
          new PlannedSource(
              "orders",
              Schema.of(
                  Field.notNull("o_id", DataType.BIGINT),
                  Field.notNull("o_customer", DataType.BIGINT),
                  Field.notNull("o_total", DataType.decimal(12, 2)),
                  Field.notNull("o_comment", DataType.VARCHAR))));
  private final Table customers =
      locus.read(
          new PlannedSource(
              "customers",
              Schema.of(
                  Field.notNull("c_id", DataType.BIGINT),
                  Field.notNull("c_name", DataType.VARCHAR),
                  Field.notNull("c_region", DataType.VARCHAR))));

  @Test
  void scansReadOnlyTheColumnsTheQueryUses() {
    Table query =
        orders
            .filter(col("o_total").gt(10))
            .join(customers, col("o_customer").eq(col("c_id")), JoinType.INNER)
            .groupBy("c_region")
            .agg(sum(col("o_total")).as("total"));
    String explained = PlanPrinter.explain(LogicalRewrites.apply(query.plan()));
    assertThat(explained)
        .contains("Scan[orders] [o_customer, o_total]")
        .contains("Scan[customers] [c_id, c_region]")
        .contains("Filter[($1 > 10.00)]")
        .contains("Join[INNER, o_customer = c_id]");
    assertThat(LogicalRewrites.apply(query.plan()).schema()).isEqualTo(query.schema());
  }

  @Test
  void countingRowsKeepsOneColumn() {
    Table query = orders.select("o_comment", "o_id").agg(countStar().as("n"));
    assertThat(PlanPrinter.explain(LogicalRewrites.apply(query.plan())))
        .isEqualTo(
            "Aggregate[keys=[], [count(*) AS n]]  (#0, est. rows 1)\n"
                + "  └─ Project[$0 AS o_comment]  (#1, est. rows 100)\n"
                + "    └─ Scan[orders] [o_comment]  (#2, est. rows 100)\n");
  }

  @Test
  void semiJoinsKeepOnlyLeftColumnsAbove() {
    Table query =
        orders.join(customers, col("o_customer").eq(col("c_id")), JoinType.SEMI).select("o_id");
    assertThat(PlanPrinter.explain(LogicalRewrites.apply(query.plan())))
        .contains("Scan[orders] [o_id, o_customer]")
        .contains("Scan[customers] [c_id]");
  }
}
