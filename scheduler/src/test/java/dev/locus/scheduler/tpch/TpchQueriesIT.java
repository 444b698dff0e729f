package dev.locus.scheduler.tpch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.locus.core.api.Locus;
import dev.locus.core.api.Row;
import dev.locus.core.execution.QueryResult;
import dev.locus.core.source.tpch.TpchSource;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs each of {@link TpchQueries} on Locus and the specification's SQL text on DuckDB, over the
 * same TPC-H rows at scale factor 0.01 (generated once, read through Locus and appended to DuckDB
 * with exact types), and compares the answers.
 */
class TpchQueriesIT {
  private static final double SCALE_FACTOR = 0.01;

  /** The SQL text of each query, with the validation parameters. */
  private static final Map<String, String> SQL =
      Map.of(
          "q1",
          """
          select l_returnflag, l_linestatus,
            sum(l_quantity) as sum_qty,
            sum(l_extendedprice) as sum_base_price,
            sum(l_extendedprice * (1 - l_discount)) as sum_disc_price,
            sum(l_extendedprice * (1 - l_discount) * (1 + l_tax)) as sum_charge,
            avg(l_quantity) as avg_qty,
            avg(l_extendedprice) as avg_price,
            avg(l_discount) as avg_disc,
            count(*) as count_order
          from lineitem
          where l_shipdate <= date '1998-12-01' - interval '90' day
          group by l_returnflag, l_linestatus
          order by l_returnflag, l_linestatus
          """,
          "q3",
          """
          select l_orderkey, sum(l_extendedprice * (1 - l_discount)) as revenue,
            o_orderdate, o_shippriority
          from customer, orders, lineitem
          where c_mktsegment = 'BUILDING'
            and c_custkey = o_custkey
            and l_orderkey = o_orderkey
            and o_orderdate < date '1995-03-15'
            and l_shipdate > date '1995-03-15'
          group by l_orderkey, o_orderdate, o_shippriority
          order by revenue desc, o_orderdate
          limit 10
          """,
          "q5",
          """
          select n_name, sum(l_extendedprice * (1 - l_discount)) as revenue
          from customer, orders, lineitem, supplier, nation, region
          where c_custkey = o_custkey
            and l_orderkey = o_orderkey
            and l_suppkey = s_suppkey
            and c_nationkey = s_nationkey
            and s_nationkey = n_nationkey
            and n_regionkey = r_regionkey
            and r_name = 'ASIA'
            and o_orderdate >= date '1994-01-01'
            and o_orderdate < date '1994-01-01' + interval '1' year
          group by n_name
          order by revenue desc
          """,
          "q6",
          """
          select sum(l_extendedprice * l_discount) as revenue
          from lineitem
          where l_shipdate >= date '1994-01-01'
            and l_shipdate < date '1994-01-01' + interval '1' year
            and l_discount between 0.06 - 0.01 and 0.06 + 0.01
            and l_quantity < 24
          """,
          "q10",
          """
          select c_custkey, c_name, sum(l_extendedprice * (1 - l_discount)) as revenue,
            c_acctbal, n_name, c_address, c_phone, c_comment
          from customer, orders, lineitem, nation
          where c_custkey = o_custkey
            and l_orderkey = o_orderkey
            and o_orderdate >= date '1993-10-01'
            and o_orderdate < date '1993-10-01' + interval '3' month
            and l_returnflag = 'R'
            and c_nationkey = n_nationkey
          group by c_custkey, c_name, c_acctbal, c_phone, n_name, c_address, c_comment
          order by revenue desc
          limit 20
          """,
          "q12",
          """
          select l_shipmode,
            sum(case when o_orderpriority = '1-URGENT' or o_orderpriority = '2-HIGH'
                then 1 else 0 end) as high_line_count,
            sum(case when o_orderpriority <> '1-URGENT' and o_orderpriority <> '2-HIGH'
                then 1 else 0 end) as low_line_count
          from orders, lineitem
          where o_orderkey = l_orderkey
            and l_shipmode in ('MAIL', 'SHIP')
            and l_commitdate < l_receiptdate
            and l_shipdate < l_commitdate
            and l_receiptdate >= date '1994-01-01'
            and l_receiptdate < date '1994-01-01' + interval '1' year
          group by l_shipmode
          order by l_shipmode
          """,
          "q14",
          """
          select 100.00 * sum(case when p_type like 'PROMO%'
                then l_extendedprice * (1 - l_discount) else 0 end)
              / sum(l_extendedprice * (1 - l_discount)) as promo_revenue
          from lineitem, part
          where l_partkey = p_partkey
            and l_shipdate >= date '1995-09-01'
            and l_shipdate < date '1995-09-01' + interval '1' month
          """,
          "q18",
          """
          select c_name, c_custkey, o_orderkey, o_orderdate, o_totalprice, sum(l_quantity)
          from customer, orders, lineitem
          where o_orderkey in (
              select l_orderkey from lineitem group by l_orderkey having sum(l_quantity) > 300)
            and c_custkey = o_custkey
            and o_orderkey = l_orderkey
          group by c_name, c_custkey, o_orderkey, o_orderdate, o_totalprice
          order by o_totalprice desc, o_orderdate
          limit 100
          """);

  /** Each query's ORDER BY keys as output column indices (empty: a single row). */
  private static final Map<String, List<Integer>> ORDER_KEYS =
      Map.of(
          "q1", List.of(0, 1),
          "q3", List.of(1, 2),
          "q5", List.of(1),
          "q6", List.of(),
          "q10", List.of(2),
          "q12", List.of(0),
          "q14", List.of(),
          "q18", List.of(4, 3));

  private static Locus locus;
  private static DuckDb duckDb;

  @BeforeAll
  static void loadTables() throws Exception {
    locus = Locus.local();
    duckDb = DuckDb.inMemory();
    for (String table : TpchSource.tableNames()) {
      TpchSource source = TpchSource.table(table, SCALE_FACTOR);
      List<List<Object>> rows = locus.read(source).collect().stream().map(Row::values).toList();
      duckDb.load(table, source.schema(), rows);
    }
  }

  @AfterAll
  static void close() throws Exception {
    if (duckDb != null) {
      duckDb.close();
    }
    if (locus != null) {
      locus.close();
    }
  }

  static Stream<String> queries() {
    return TpchQueries.names().stream();
  }

  @Test
  void everyQueryHasSqlText() {
    assertThat(SQL.keySet()).containsExactlyInAnyOrderElementsOf(TpchQueries.names());
  }

  @Test
  void loadsTheGeneratedRowsIntoTheOracle() throws Exception {
    assertThat(duckDb.query("select count(*) from lineitem").rows())
        .containsExactly(List.of(60_175L));
    assertThat(duckDb.query("select count(*) from orders").rows())
        .containsExactly(List.of(15_000L));
  }

  @ParameterizedTest
  @MethodSource("queries")
  void answersAsDuckDbOnTheSameData(String query) throws Exception {
    DuckDb.Result expected = duckDb.query(SQL.get(query));
    QueryResult actual = TpchQueries.query(query, locus, SCALE_FACTOR).execute();
    ResultComparison.assertSameRows(query, expected, actual, ORDER_KEYS.get(query));
  }
}
