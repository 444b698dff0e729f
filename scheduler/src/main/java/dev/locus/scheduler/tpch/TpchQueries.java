package dev.locus.scheduler.tpch;

import static dev.locus.core.expr.Expressions.avg;
import static dev.locus.core.expr.Expressions.col;
import static dev.locus.core.expr.Expressions.countStar;
import static dev.locus.core.expr.Expressions.decimal;
import static dev.locus.core.expr.Expressions.lit;
import static dev.locus.core.expr.Expressions.sum;
import static dev.locus.core.expr.Expressions.when;
import static java.util.Objects.requireNonNull;

import dev.locus.core.api.Locus;
import dev.locus.core.api.SortOrder;
import dev.locus.core.api.Table;
import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.expr.Expression;
import dev.locus.core.plan.JoinType;
import dev.locus.core.plan.Scan;
import dev.locus.core.source.Source;
import dev.locus.core.source.tpch.TpchSource;
import dev.locus.core.type.Schema;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * TPC-H queries 1, 3, 5, 6, 10, 12, 14 and 18 written with the {@link Table} API, with the
 * specification's validation parameters, output columns and ORDER BY / LIMIT. Shared by the CLI,
 * the tests (checked against DuckDB running the SQL text) and the benchmarks.
 *
 * <p>The plans are written the way an optimizer would leave them, since Locus reorders joins only
 * for SQL (in the sql module), not for plans built with the Table API: filters sit on the scans and
 * the smaller input of every join is its right (build) side. Date bounds such as {@code date
 * '1998-12-01' - interval '90' day} are computed here, as constant folding would, so that no row
 * evaluates them.
 *
 * <p>Tables come from a catalog function (TPC-H table name to {@link Source}): {@link #tpch} by
 * default, or any source with the standard column names and types (for example batches held in
 * memory by a benchmark).
 */
public final class TpchQueries {
  private static final List<String> NAMES =
      List.of("q1", "q3", "q5", "q6", "q10", "q12", "q14", "q18");

  private TpchQueries() {}

  /** The query names, in order: {@code q1, q3, q5, q6, q10, q12, q14, q18}. */
  public static List<String> names() {
    return NAMES;
  }

  /** The TPC-H generator's tables at a scale factor. */
  public static Function<String, Source> tpch(double scaleFactor) {
    return name -> TpchSource.table(name, scaleFactor);
  }

  /** A query by name ({@link #names()}, case-insensitive) over generated TPC-H tables. */
  public static Table query(String name, Locus locus, double scaleFactor) {
    return query(name, locus, tpch(scaleFactor));
  }

  /** A query by name ({@link #names()}, case-insensitive) over the given tables. */
  public static Table query(String name, Locus locus, Function<String, Source> tables) {
    requireNonNull(name, "name is null");
    requireNonNull(locus, "locus is null");
    requireNonNull(tables, "tables is null");
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "q1" -> q1(locus, tables);
      case "q3" -> q3(locus, tables);
      case "q5" -> q5(locus, tables);
      case "q6" -> q6(locus, tables);
      case "q10" -> q10(locus, tables);
      case "q12" -> q12(locus, tables);
      case "q14" -> q14(locus, tables);
      case "q18" -> q18(locus, tables);
      default ->
          throw new LocusException(
              ErrorCode.INVALID_ARGUMENT,
              "Unknown TPC-H query '" + name + "'; available queries: " + NAMES);
    };
  }

  public static Table q1(Locus locus, double scaleFactor) {
    return q1(locus, tpch(scaleFactor));
  }

  public static Table q3(Locus locus, double scaleFactor) {
    return q3(locus, tpch(scaleFactor));
  }

  public static Table q5(Locus locus, double scaleFactor) {
    return q5(locus, tpch(scaleFactor));
  }

  public static Table q6(Locus locus, double scaleFactor) {
    return q6(locus, tpch(scaleFactor));
  }

  public static Table q10(Locus locus, double scaleFactor) {
    return q10(locus, tpch(scaleFactor));
  }

  public static Table q12(Locus locus, double scaleFactor) {
    return q12(locus, tpch(scaleFactor));
  }

  public static Table q14(Locus locus, double scaleFactor) {
    return q14(locus, tpch(scaleFactor));
  }

  public static Table q18(Locus locus, double scaleFactor) {
    return q18(locus, tpch(scaleFactor));
  }

  /** Pricing summary report. */
  public static Table q1(Locus locus, Function<String, Source> tables) {
    Expression discountedPrice = col("l_extendedprice").times(lit(1).minus(col("l_discount")));
    return scan(
            locus,
            tables,
            "lineitem",
            "l_quantity",
            "l_extendedprice",
            "l_discount",
            "l_tax",
            "l_returnflag",
            "l_linestatus",
            "l_shipdate")
        .filter(col("l_shipdate").le(date(LocalDate.of(1998, 12, 1).minusDays(90))))
        .groupBy("l_returnflag", "l_linestatus")
        .agg(
            sum(col("l_quantity")).as("sum_qty"),
            sum(col("l_extendedprice")).as("sum_base_price"),
            sum(discountedPrice).as("sum_disc_price"),
            sum(discountedPrice.times(lit(1).plus(col("l_tax")))).as("sum_charge"),
            avg(col("l_quantity")).as("avg_qty"),
            avg(col("l_extendedprice")).as("avg_price"),
            avg(col("l_discount")).as("avg_disc"),
            countStar().as("count_order"))
        .orderBy("l_returnflag", "l_linestatus");
  }

  /** Shipping priority. */
  public static Table q3(Locus locus, Function<String, Source> tables) {
    LocalDate day = LocalDate.of(1995, 3, 15);
    Table customers =
        scan(locus, tables, "customer", "c_custkey", "c_mktsegment")
            .filter(col("c_mktsegment").eq("BUILDING"))
            .select("c_custkey");
    Table orders =
        scan(locus, tables, "orders", "o_orderkey", "o_custkey", "o_orderdate", "o_shippriority")
            .filter(col("o_orderdate").lt(date(day)))
            .join(customers, col("o_custkey").eq(col("c_custkey")))
            .select("o_orderkey", "o_orderdate", "o_shippriority");
    return scan(
            locus, tables, "lineitem", "l_orderkey", "l_extendedprice", "l_discount", "l_shipdate")
        .filter(col("l_shipdate").gt(date(day)))
        .join(orders, col("l_orderkey").eq(col("o_orderkey")))
        .groupBy("l_orderkey", "o_orderdate", "o_shippriority")
        .agg(sum(col("l_extendedprice").times(lit(1).minus(col("l_discount")))).as("revenue"))
        .select("l_orderkey", "revenue", "o_orderdate", "o_shippriority")
        .orderBy(SortOrder.desc(col("revenue")), SortOrder.asc(col("o_orderdate")))
        .limit(10);
  }

  /** Local supplier volume. */
  public static Table q5(Locus locus, Function<String, Source> tables) {
    LocalDate start = LocalDate.of(1994, 1, 1);
    Table asianCustomers =
        scan(locus, tables, "customer", "c_custkey", "c_nationkey")
            .join(
                asianNations(locus, tables).select("n_nationkey"),
                col("c_nationkey").eq(col("n_nationkey")))
            .select("c_custkey", "c_nationkey");
    Table asianSuppliers =
        scan(locus, tables, "supplier", "s_suppkey", "s_nationkey")
            .join(asianNations(locus, tables), col("s_nationkey").eq(col("n_nationkey")))
            .select("s_suppkey", "s_nationkey", "n_name");
    Table orders =
        scan(locus, tables, "orders", "o_orderkey", "o_custkey", "o_orderdate")
            .filter(
                col("o_orderdate")
                    .ge(date(start))
                    .and(col("o_orderdate").lt(date(start.plusYears(1)))))
            .join(asianCustomers, col("o_custkey").eq(col("c_custkey")))
            .select("o_orderkey", "c_nationkey");
    return scan(
            locus, tables, "lineitem", "l_orderkey", "l_suppkey", "l_extendedprice", "l_discount")
        .join(orders, col("l_orderkey").eq(col("o_orderkey")))
        .join(
            asianSuppliers,
            col("l_suppkey").eq(col("s_suppkey")).and(col("c_nationkey").eq(col("s_nationkey"))))
        .groupBy("n_name")
        .agg(sum(col("l_extendedprice").times(lit(1).minus(col("l_discount")))).as("revenue"))
        .orderBy(SortOrder.desc(col("revenue")));
  }

  /**
   * The nations of region ASIA: n_nationkey, n_name (built afresh for each use: plans are trees).
   */
  private static Table asianNations(Locus locus, Function<String, Source> tables) {
    return scan(locus, tables, "nation", "n_nationkey", "n_name", "n_regionkey")
        .join(
            scan(locus, tables, "region", "r_regionkey", "r_name").filter(col("r_name").eq("ASIA")),
            col("n_regionkey").eq(col("r_regionkey")))
        .select("n_nationkey", "n_name");
  }

  /** Forecasting revenue change. */
  public static Table q6(Locus locus, Function<String, Source> tables) {
    LocalDate start = LocalDate.of(1994, 1, 1);
    return scan(
            locus, tables, "lineitem", "l_quantity", "l_extendedprice", "l_discount", "l_shipdate")
        .filter(
            col("l_shipdate")
                .ge(date(start))
                .and(col("l_shipdate").lt(date(start.plusYears(1))))
                .and(col("l_discount").between(decimal("0.05"), decimal("0.07")))
                .and(col("l_quantity").lt(24)))
        .agg(sum(col("l_extendedprice").times(col("l_discount"))).as("revenue"));
  }

  /**
   * Returned item reporting. Revenue is summed per customer key before customers are joined: the
   * key is the customer's primary key, so this groups exactly as the SQL's GROUP BY over all the
   * customer columns, on far fewer rows.
   */
  public static Table q10(Locus locus, Function<String, Source> tables) {
    LocalDate start = LocalDate.of(1993, 10, 1);
    Table orders =
        scan(locus, tables, "orders", "o_orderkey", "o_custkey", "o_orderdate")
            .filter(
                col("o_orderdate")
                    .ge(date(start))
                    .and(col("o_orderdate").lt(date(start.plusMonths(3)))))
            .select("o_orderkey", "o_custkey");
    Table revenueByCustomer =
        scan(
                locus,
                tables,
                "lineitem",
                "l_orderkey",
                "l_extendedprice",
                "l_discount",
                "l_returnflag")
            .filter(col("l_returnflag").eq("R"))
            .join(orders, col("l_orderkey").eq(col("o_orderkey")))
            .groupBy("o_custkey")
            .agg(sum(col("l_extendedprice").times(lit(1).minus(col("l_discount")))).as("revenue"));
    return scan(
            locus,
            tables,
            "customer",
            "c_custkey",
            "c_name",
            "c_address",
            "c_nationkey",
            "c_phone",
            "c_acctbal",
            "c_comment")
        .join(
            scan(locus, tables, "nation", "n_nationkey", "n_name"),
            col("c_nationkey").eq(col("n_nationkey")))
        .join(revenueByCustomer, col("c_custkey").eq(col("o_custkey")))
        .select(
            "c_custkey",
            "c_name",
            "revenue",
            "c_acctbal",
            "n_name",
            "c_address",
            "c_phone",
            "c_comment")
        .orderBy(SortOrder.desc(col("revenue")))
        .limit(20);
  }

  /** Shipping modes and order priority. */
  public static Table q12(Locus locus, Function<String, Source> tables) {
    LocalDate start = LocalDate.of(1994, 1, 1);
    Table lines =
        scan(
                locus,
                tables,
                "lineitem",
                "l_orderkey",
                "l_shipdate",
                "l_commitdate",
                "l_receiptdate",
                "l_shipmode")
            .filter(
                col("l_shipmode")
                    .in("MAIL", "SHIP")
                    .and(col("l_commitdate").lt(col("l_receiptdate")))
                    .and(col("l_shipdate").lt(col("l_commitdate")))
                    .and(col("l_receiptdate").ge(date(start)))
                    .and(col("l_receiptdate").lt(date(start.plusYears(1)))))
            .select("l_orderkey", "l_shipmode");
    Expression high = col("o_orderpriority").eq("1-URGENT").or(col("o_orderpriority").eq("2-HIGH"));
    Expression low = col("o_orderpriority").ne("1-URGENT").and(col("o_orderpriority").ne("2-HIGH"));
    return scan(locus, tables, "orders", "o_orderkey", "o_orderpriority")
        .join(lines, col("o_orderkey").eq(col("l_orderkey")))
        .groupBy("l_shipmode")
        .agg(
            sum(when(high, 1).otherwise(0)).as("high_line_count"),
            sum(when(low, 1).otherwise(0)).as("low_line_count"))
        .orderBy("l_shipmode");
  }

  /** Promotion effect. */
  public static Table q14(Locus locus, Function<String, Source> tables) {
    LocalDate start = LocalDate.of(1995, 9, 1);
    Table lines =
        scan(locus, tables, "lineitem", "l_partkey", "l_extendedprice", "l_discount", "l_shipdate")
            .filter(
                col("l_shipdate")
                    .ge(date(start))
                    .and(col("l_shipdate").lt(date(start.plusMonths(1)))));
    Expression revenue = col("l_extendedprice").times(lit(1).minus(col("l_discount")));
    return scan(locus, tables, "part", "p_partkey", "p_type")
        .join(lines, col("p_partkey").eq(col("l_partkey")))
        .agg(
            sum(when(col("p_type").like("PROMO%"), revenue).otherwise(0)).as("promo"),
            sum(revenue).as("total"))
        .select(decimal("100.00").times(col("promo")).div(col("total")).as("promo_revenue"));
  }

  /** Large volume customer: the IN subquery is a SEMI join with the big orders' keys. */
  public static Table q18(Locus locus, Function<String, Source> tables) {
    Table bigOrders =
        scan(locus, tables, "lineitem", "l_orderkey", "l_quantity")
            .groupBy("l_orderkey")
            .agg(sum(col("l_quantity")).as("order_quantity"))
            .filter(col("order_quantity").gt(300))
            .select(col("l_orderkey").as("big_orderkey"));
    Table orders =
        scan(locus, tables, "orders", "o_orderkey", "o_custkey", "o_orderdate", "o_totalprice")
            .join(bigOrders, col("o_orderkey").eq(col("big_orderkey")), JoinType.SEMI);
    Table customerOrders =
        scan(locus, tables, "customer", "c_custkey", "c_name")
            .join(orders, col("c_custkey").eq(col("o_custkey")));
    return scan(locus, tables, "lineitem", "l_orderkey", "l_quantity")
        .join(customerOrders, col("l_orderkey").eq(col("o_orderkey")))
        .groupBy("c_name", "c_custkey", "o_orderkey", "o_orderdate", "o_totalprice")
        .agg(sum(col("l_quantity")).as("sum(l_quantity)"))
        .orderBy(SortOrder.desc(col("o_totalprice")), SortOrder.asc(col("o_orderdate")))
        .limit(100);
  }

  /** A scan of only the named columns of a table (Locus does not push projections yet). */
  private static Table scan(
      Locus locus, Function<String, Source> tables, String table, String... columns) {
    Source source = requireNonNull(tables.apply(table), "no source for table " + table);
    Schema schema = source.schema();
    List<Integer> indices = new ArrayList<>(columns.length);
    for (String column : columns) {
      indices.add(schema.indexOf(column, "Scan of " + source.name()));
    }
    return locus.table(new Scan(source, indices));
  }

  private static Expression date(LocalDate date) {
    return lit(date);
  }
}
