package dev.locus.core.api;

import static dev.locus.core.expr.Expressions.col;
import static dev.locus.core.expr.Expressions.countStar;
import static dev.locus.core.expr.Expressions.lit;
import static dev.locus.core.expr.Expressions.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.locus.core.error.LocusException;
import dev.locus.core.execution.QueryExecutor;
import dev.locus.core.execution.QueryResult;
import dev.locus.core.plan.Aggregate;
import dev.locus.core.plan.Join;
import dev.locus.core.plan.JoinType;
import dev.locus.core.plan.LogicalPlan;
import dev.locus.core.plan.Project;
import dev.locus.core.plan.TopN;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Field;
import dev.locus.core.type.Schema;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableTest {
  /** Plans are only built here, never run. */
  private static final class PlanningOnlyExecutor implements QueryExecutor {
    @Override
    public QueryResult execute(LogicalPlan plan) {
      throw new AssertionError("TableTest builds plans only");
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
      locus.values(
          Schema.of(
              Field.notNull("o_id", DataType.BIGINT),
              Field.notNull("o_customer", DataType.INT),
              Field.nullable("o_total", DataType.decimal(12, 2))),
          List.of());
  private final Table customers =
      locus.values(
          Schema.of(
              Field.notNull("c_id", DataType.BIGINT), Field.nullable("c_name", DataType.VARCHAR)),
          List.of());

  @Test
  void turnsEqualitiesIntoHashKeysAndKeepsTheRestAsResidual() {
    Table joined =
        orders.join(
            customers,
            col("o_customer").eq(col("c_id")).and(col("o_total").gt(col("c_id"))),
            JoinType.LEFT);
    // o_customer is INT and c_id BIGINT: the left key is computed as BIGINT below the join.
    Project project = (Project) joined.plan();
    Join join = (Join) project.input();
    assertThat(join.leftKeys()).containsExactly(3);
    assertThat(join.rightKeys()).containsExactly(0);
    assertThat(join.residual().toString())
        .isEqualTo("(CAST($2 AS DECIMAL(21, 2)) > CAST($4 AS DECIMAL(21, 2)))");
    assertThat(joined.schema().names())
        .containsExactly("o_id", "o_customer", "o_total", "c_id", "c_name");
  }

  @Test
  void aggregatesOverAProjectionOfKeysAndArguments() {
    Table totals = orders.groupBy("o_customer").agg(sum(col("o_total")).as("total"), countStar());
    Aggregate aggregate = (Aggregate) totals.plan();
    assertThat(aggregate.groupKeys()).containsExactly(0);
    assertThat(totals.schema().names()).containsExactly("o_customer", "total", "count(*)");
    assertThat(totals.schema().type(1)).isEqualTo(DataType.decimal(38, 2));
  }

  @Test
  void limitAfterOrderByIsTopN() {
    Table top = orders.orderBy(SortOrder.desc(col("o_total"))).limit(5);
    assertThat(top.plan()).isInstanceOf(TopN.class);
    Table computedKey = orders.orderBy(SortOrder.asc(col("o_total").times(lit(2)))).limit(5);
    assertThat(((Project) computedKey.plan()).input()).isInstanceOf(TopN.class);
    assertThat(computedKey.schema().names()).containsExactly("o_id", "o_customer", "o_total");
  }

  @Test
  void explainsWithEstimates() {
    Table query = orders.filter(col("o_total").gt(100)).select("o_id");
    assertThat(query.explain())
        .isEqualTo(
            "Project[$0 AS o_id]  (#0, est. rows 1)\n"
                + "  └─ Filter[($2 > 100.00)]  (#1, est. rows 1)\n"
                + "    └─ Values[0 rows] [o_id, o_customer, o_total]  (#2, est. rows 0)\n");
  }

  @Test
  void rejectsUnknownColumnsWhenTheTableIsBuilt() {
    assertThatThrownBy(() -> orders.select("o_totl"))
        .isInstanceOf(LocusException.class)
        .hasMessage(
            "Column 'o_totl' not found in Project; available columns: [o_id, o_customer, o_total]");
  }
}
