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
import dev.locus.core.plan.Scan;
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

  @Test
  void confidenceIsTheWeakestInputs() {
    assertThat(Confidence.HIGH.and(Confidence.LOW)).isEqualTo(Confidence.LOW);
    assertThat(Confidence.MEDIUM.and(Confidence.HIGH)).isEqualTo(Confidence.MEDIUM);
  }
}
