package dev.locus.costmodel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.locus.core.batch.Batches;
import dev.locus.core.expr.Constant;
import dev.locus.core.expr.FunctionCall;
import dev.locus.core.expr.InputRef;
import dev.locus.core.expr.ScalarFunction;
import dev.locus.core.plan.Aggregate;
import dev.locus.core.plan.Filter;
import dev.locus.core.plan.Join;
import dev.locus.core.plan.JoinType;
import dev.locus.core.plan.Project;
import dev.locus.core.plan.Scan;
import dev.locus.core.plan.Values;
import dev.locus.core.source.BatchReader;
import dev.locus.core.source.SourceSplit;
import dev.locus.core.source.tpch.TpchSource;
import dev.locus.core.type.DataType;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;

/** Estimates over TPC-H SF 0.01 against the true counts of the generated rows. */
class CardinalityModelTest {
  private static final TpchSource LINEITEM = TpchSource.table("lineitem", 0.01);
  private static final TpchSource ORDERS = TpchSource.table("orders", 0.01);

  private static int column(TpchSource source, String name) {
    return source.schema().indexOf(name, "test");
  }

  private static List<List<Object>> rows(TpchSource source) {
    List<List<Object>> rows = new ArrayList<>();
    try (RootAllocator allocator = new RootAllocator()) {
      List<Integer> columns = IntStream.range(0, source.schema().size()).boxed().toList();
      for (SourceSplit split : source.splits(1)) {
        try (BatchReader reader = split.open(allocator, columns, 8192)) {
          VectorSchemaRoot batch;
          while ((batch = reader.next()) != null) {
            try (VectorSchemaRoot owned = batch) {
              rows.addAll(Batches.toRows(owned));
            }
          }
        }
      }
    }
    return rows;
  }

  private static void assertWithinFactor(Estimate estimate, long actual, double factor) {
    assertThat(estimate.rows()).isBetween(actual / factor, actual * factor);
  }

  @Test
  void scansHaveTheSourcesRowCount() {
    Estimate estimate = new CardinalityModel().estimate(Scan.of(LINEITEM));
    // The generator's size (6,000,000 x SF) against the 60,175 rows it makes.
    assertWithinFactor(estimate, 60_175, 1.01);
    assertThat(estimate.confidence()).isEqualTo(Confidence.MEDIUM);
  }

  @Test
  void equalityUsesTheDistinctCount() {
    int flag = column(LINEITEM, "l_returnflag");
    Filter filter =
        new Filter(
            Scan.of(LINEITEM),
            FunctionCall.of(
                ScalarFunction.EQUAL,
                DataType.BOOLEAN,
                new InputRef(flag, DataType.VARCHAR),
                new Constant("R", DataType.VARCHAR)));
    long actual = rows(LINEITEM).stream().filter(row -> "R".equals(row.get(flag))).count();

    Estimate estimate = new CardinalityModel().estimate(filter);

    assertWithinFactor(estimate, actual, 1.5);
    assertThat(estimate.confidence()).isEqualTo(Confidence.MEDIUM);
  }

  @Test
  void rangesUseMinAndMax() {
    int shipdate = column(LINEITEM, "l_shipdate");
    LocalDate cut = LocalDate.of(1995, 1, 1);
    Filter filter =
        new Filter(
            Scan.of(LINEITEM),
            FunctionCall.of(
                ScalarFunction.LESS_THAN,
                DataType.BOOLEAN,
                new InputRef(shipdate, DataType.DATE),
                new Constant(cut, DataType.DATE)));
    long actual =
        rows(LINEITEM).stream()
            .filter(row -> ((LocalDate) row.get(shipdate)).isBefore(cut))
            .count();

    assertWithinFactor(new CardinalityModel().estimate(filter), actual, 1.25);
  }

  @Test
  void aForeignKeyJoinKeepsTheFactTablesRows() {
    Join join =
        new Join(
            Scan.of(LINEITEM),
            Scan.of(ORDERS),
            JoinType.INNER,
            List.of(column(LINEITEM, "l_orderkey")),
            List.of(column(ORDERS, "o_orderkey")),
            Join.TRUE);

    assertWithinFactor(new CardinalityModel().estimate(join), 60_175, 1.5);
  }

  @Test
  void groupsAreTheProductOfTheKeysDistinctCounts() {
    Aggregate aggregate =
        new Aggregate(
            Scan.of(LINEITEM),
            List.of(column(LINEITEM, "l_returnflag"), column(LINEITEM, "l_linestatus")),
            List.of());

    // A, N, R times F, O: 6 combinations of which TPC-H has 4.
    assertThat(new CardinalityModel().estimate(aggregate).rowCount()).isBetween(4L, 6L);
  }

  /** A projection of {@code source}'s columns followed by {@code key} as the last column. */
  private static Project withKey(TpchSource source, dev.locus.core.expr.RowExpression key) {
    List<dev.locus.core.expr.RowExpression> expressions = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < source.schema().size(); i++) {
      expressions.add(new InputRef(i, source.schema().field(i).type()));
      names.add(source.schema().field(i).name());
    }
    expressions.add(key);
    names.add("key");
    return new Project(Scan.of(source), expressions, names);
  }

  private static InputRef ref(TpchSource source, String name) {
    int index = column(source, name);
    return new InputRef(index, source.schema().field(index).type());
  }

  @Test
  void aJoinOnCastKeysKeepsTheKeysStatistics() {
    // lineitem ⋈ orders ON CAST(l_orderkey AS VARCHAR) = CAST(o_orderkey AS DECIMAL(20, 0)):
    // both casts keep every distinct value distinct.
    Project lineitem =
        withKey(
            LINEITEM,
            FunctionCall.of(ScalarFunction.CAST, DataType.VARCHAR, ref(LINEITEM, "l_orderkey")));
    Project orders =
        withKey(
            ORDERS,
            FunctionCall.of(ScalarFunction.CAST, DataType.VARCHAR, ref(ORDERS, "o_orderkey")));
    int leftKey = LINEITEM.schema().size();
    int rightKey = ORDERS.schema().size();
    Join join =
        new Join(lineitem, orders, JoinType.INNER, List.of(leftKey), List.of(rightKey), Join.TRUE);

    Estimate estimate = new CardinalityModel().estimate(join);

    assertWithinFactor(estimate, 60_175, 1.5);
    assertThat(estimate.confidence()).isEqualTo(Confidence.MEDIUM);
  }

  @Test
  void aWideningCastKeepsDistinctCountAndRange() {
    // o_shippriority (INT, always 0) and l_linenumber (INT, 1 to 7) widened to BIGINT.
    int linenumber = column(LINEITEM, "l_linenumber");
    Project widened =
        withKey(
            LINEITEM,
            FunctionCall.of(ScalarFunction.CAST, DataType.BIGINT, ref(LINEITEM, "l_linenumber")));
    CardinalityModel model = new CardinalityModel();

    ColumnStatistics original = model.estimate(Scan.of(LINEITEM)).column(linenumber);
    ColumnStatistics cast = model.estimate(widened).column(LINEITEM.schema().size());

    assertThat(cast).isEqualTo(original);
    assertThat(cast.distinct()).isEqualTo(7);
    assertThat(cast.min()).isEqualTo(1);
    assertThat(cast.max()).isEqualTo(7);
  }

  @Test
  void aModuloByAConstantHasAtMostThatManyValues() {
    // orders ⋈ nation ON o_custkey % 25 = n_nationkey: every order finds its nation.
    TpchSource nation = TpchSource.table("nation", 0.01);
    Project orders =
        withKey(
            ORDERS,
            FunctionCall.of(
                ScalarFunction.MODULO,
                DataType.BIGINT,
                ref(ORDERS, "o_custkey"),
                new Constant(25L, DataType.BIGINT)));
    Join join =
        new Join(
            orders,
            Scan.of(nation),
            JoinType.INNER,
            List.of(ORDERS.schema().size()),
            List.of(column(nation, "n_nationkey")),
            Join.TRUE);

    Estimate estimate = new CardinalityModel().estimate(join);

    assertWithinFactor(estimate, rows(ORDERS).size(), 1.5);
    assertThat(estimate.confidence()).isEqualTo(Confidence.MEDIUM);
  }

  @Test
  void anOpaqueExpressionHasAtMostItsInputsCombinationsWithLowConfidence() {
    // GROUP BY o_custkey + o_shippriority: no rule for a sum of two columns, but it has no more
    // values than (o_custkey, o_shippriority) pairs, not one per row.
    Project orders =
        withKey(
            ORDERS,
            FunctionCall.of(
                ScalarFunction.ADD,
                DataType.BIGINT,
                ref(ORDERS, "o_custkey"),
                FunctionCall.of(
                    ScalarFunction.CAST, DataType.BIGINT, ref(ORDERS, "o_shippriority"))));
    Aggregate groups = new Aggregate(orders, List.of(ORDERS.schema().size()), List.of());
    int custkey = column(ORDERS, "o_custkey");
    int shippriority = column(ORDERS, "o_shippriority");
    long actual =
        rows(ORDERS).stream()
            .map(row -> (Long) row.get(custkey) + (Integer) row.get(shippriority))
            .distinct()
            .count();

    Estimate estimate = new CardinalityModel().estimate(groups);

    assertWithinFactor(estimate, actual, 1.5);
    assertThat(estimate.confidence()).isEqualTo(Confidence.LOW);
  }

  @Test
  void valuesHaveExactStatistics() {
    Values values =
        new Values(
            new dev.locus.core.type.Schema(
                List.of(dev.locus.core.type.Field.nullable("x", DataType.INT))),
            List.of(List.of(3), List.of(5), List.of(3), java.util.Collections.singletonList(null)));

    ColumnStatistics x = new CardinalityModel().estimate(values).column(0);

    assertThat(x.distinct()).isEqualTo(2);
    assertThat(x.min()).isEqualTo(3);
    assertThat(x.max()).isEqualTo(5);
    assertThat(x.nullFraction()).isEqualTo(0.25);
  }

  @Test
  void confidenceIsTheWeakestInputs() {
    assertThat(Confidence.HIGH.and(Confidence.LOW)).isEqualTo(Confidence.LOW);
    assertThat(Confidence.MEDIUM.and(Confidence.HIGH)).isEqualTo(Confidence.MEDIUM);
  }
}
