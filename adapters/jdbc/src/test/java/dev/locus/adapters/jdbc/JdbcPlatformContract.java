package dev.locus.adapters.jdbc;

import static dev.locus.core.api.SortOrder.asc;
import static dev.locus.core.api.SortOrder.desc;
import static dev.locus.core.expr.Expressions.addDays;
import static dev.locus.core.expr.Expressions.addMonths;
import static dev.locus.core.expr.Expressions.avg;
import static dev.locus.core.expr.Expressions.coalesce;
import static dev.locus.core.expr.Expressions.col;
import static dev.locus.core.expr.Expressions.concat;
import static dev.locus.core.expr.Expressions.count;
import static dev.locus.core.expr.Expressions.countDistinct;
import static dev.locus.core.expr.Expressions.countStar;
import static dev.locus.core.expr.Expressions.day;
import static dev.locus.core.expr.Expressions.decimal;
import static dev.locus.core.expr.Expressions.lit;
import static dev.locus.core.expr.Expressions.max;
import static dev.locus.core.expr.Expressions.min;
import static dev.locus.core.expr.Expressions.month;
import static dev.locus.core.expr.Expressions.sum;
import static dev.locus.core.expr.Expressions.trim;
import static dev.locus.core.expr.Expressions.when;
import static dev.locus.core.expr.Expressions.year;
import static org.assertj.core.api.Assertions.assertThat;

import dev.locus.core.api.Locus;
import dev.locus.core.api.Table;
import dev.locus.core.execution.ExecutorConfig;
import dev.locus.core.plan.JoinType;
import dev.locus.core.plan.Scan;
import dev.locus.core.type.DataType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Plans run natively (the oracle: Locus's own operators reading the tables) and pushed through
 * {@link JdbcPlatform#run} must give the same rows, on every database dialect. Subclasses give a
 * database holding {@link #TABLES}.
 */
abstract class JdbcPlatformContract {
  /** The tables, in SQL both H2 and PostgreSQL accept. */
  static final String[] TABLES = {
    """
    CREATE TABLE "ORDERS" ("ID" INT NOT NULL PRIMARY KEY, "CUSTOMER" INT, "AMOUNT" NUMERIC(10, 2),
      "NOTE" VARCHAR(20), "PLACED" DATE, "WEIGHT" DOUBLE PRECISION)
    """,
    """
    INSERT INTO "ORDERS" VALUES
      (1, 10, 12.50, 'apple', DATE '2024-01-31', 1.5),
      (2, 10, 3.25, 'Banana', DATE '2024-02-29', 2.0),
      (3, 20, NULL, 'cherry', DATE '2023-12-31', NULL),
      (4, NULL, 7.00, NULL, NULL, 0.5),
      (5, 30, 100.00, 'apple', DATE '2024-03-15', -1.0),
      (6, 20, 0.01, 'it''s; DROP', DATE '2024-05-31', 4.25),
      (7, NULL, NULL, 'Zebra', DATE '2020-02-29', 3.0),
      (8, 40, 55.55, 'éclair', DATE '2024-08-31', 1.0),
      (9, 10, 12.50, 'apple', NULL, NULL),
      (10, 50, -5.00, '', DATE '2024-10-31', 2.5)
    """,
    """
    CREATE TABLE "CUSTOMERS" ("CID" INT, "NAME" VARCHAR(20), "REGION" VARCHAR(10))
    """,
    """
    INSERT INTO "CUSTOMERS" VALUES
      (10, 'Ann', 'EU'), (20, 'Bob', 'US'), (20, 'Bea', 'EU'), (60, 'Cid', NULL), (NULL, 'Nul', 'US')
    """
  };

  protected Locus locus;
  protected JdbcPlatform platform;
  protected Table orders;
  protected Table customers;

  /** The URL of a database holding {@link #TABLES}. */
  abstract String url();

  /** Whether the database has FULL OUTER JOIN (H2 has not). */
  boolean supportsFullJoin() {
    return true;
  }

  /** Makes the database ready for a test (before each). */
  abstract void prepareDatabase() throws Exception;

  /** Releases what {@link #prepareDatabase} holds (after each). */
  void releaseDatabase() throws Exception {}

  @BeforeEach
  void openSession() throws Exception {
    prepareDatabase();
    locus = Locus.local(ExecutorConfig.defaults().withParallelism(2));
    platform = new JdbcPlatform();
    orders = locus.read(JdbcSource.table(url(), "ORDERS"));
    customers = locus.read(JdbcSource.table(url(), "CUSTOMERS"));
  }

  @AfterEach
  void closeSession() throws Exception {
    platform.close();
    locus.close();
    releaseDatabase();
  }

  /** The rows of the plan run natively and pushed, in any order. */
  void assertSameRows(Table table) {
    assertThat(platform.cannotRun(table.plan())).isEmpty();
    List<List<Object>> pushed = pushed(table);
    assertThat(sorted(pushed)).isEqualTo(sorted(locus.execute(table.plan()).rows()));
  }

  /** The rows of the plan run natively and pushed, in the same order. */
  void assertSameOrderedRows(Table table) {
    assertThat(platform.cannotRun(table.plan())).isEmpty();
    assertThat(pushed(table)).isEqualTo(locus.execute(table.plan()).rows());
  }

  List<List<Object>> pushed(Table table) {
    JdbcQuerySource source = platform.run(table.plan());
    assertThat(source.schema()).isEqualTo(table.schema());
    return locus.execute(Scan.of(source)).rows();
  }

  private static List<List<Object>> sorted(List<List<Object>> rows) {
    List<List<Object>> copy = new ArrayList<>(rows);
    copy.sort(Comparator.comparing(Object::toString));
    return copy;
  }

  @Test
  void filtersAsLocusDoes() {
    assertSameRows(orders.filter(col("AMOUNT").gt(decimal("5.00")).and(col("NOTE").ne("apple"))));
    assertSameRows(orders.filter(col("CUSTOMER").in(10, 30).or(col("NOTE").like("%an%"))));
    assertSameRows(orders.filter(col("NOTE").isNull().or(col("WEIGHT").le(1.0))));
    assertSameRows(
        orders.filter(col("PLACED").ge(dev.locus.core.expr.Expressions.date("2024-02-29"))));
    assertSameRows(orders.filter(col("NOTE").gt("apple").and(col("NOTE").lt("zebra"))));
    assertSameRows(orders.filter(col("NOTE").eq("it's; DROP")));
  }

  @Test
  void projectsArithmeticAndFunctionsAsLocusDoes() {
    assertSameRows(
        orders.select(
            col("ID"),
            col("AMOUNT").times(lit(3)).as("TRIPLE"),
            col("AMOUNT").times(col("AMOUNT")).as("SQUARE"),
            col("AMOUNT").plus(decimal("0.005")).as("SHIFTED"),
            col("AMOUNT").minus(col("ID")).as("LESS"),
            col("CUSTOMER").times(2).minus(col("ID")).as("K"),
            col("WEIGHT").times(2.0).plus(col("ID")).as("W2"),
            col("ID").div(3).as("Q"),
            col("ID").mod(4).as("M"),
            col("WEIGHT").div(4.0).as("QUARTER"),
            col("AMOUNT").negate().as("NEG"),
            when(col("AMOUNT").gt(decimal("10.00")), "big").otherwise("small").as("SIZE"),
            coalesce(col("CUSTOMER"), lit(-1)).as("C"),
            col("ID").cast(DataType.BIGINT).as("BIG"),
            col("AMOUNT").cast(DataType.decimal(10, 1)).as("ROUNDED"),
            col("AMOUNT").cast(DataType.INT).as("WHOLE"),
            col("ID").cast(DataType.VARCHAR).as("TEXT")));
  }

  @Test
  void computesDatesAndTextAsLocusDoes() {
    assertSameRows(
        orders.select(
            col("ID"),
            year(col("PLACED")).as("Y"),
            month(col("PLACED")).as("MO"),
            day(col("PLACED")).as("D"),
            addMonths(col("PLACED"), 1).as("NEXT_MONTH"),
            addMonths(col("PLACED"), -12).as("LAST_YEAR"),
            addDays(col("PLACED"), 30).as("LATER"),
            col("NOTE").substring(2, 3).as("PART"),
            concat(col("NOTE"), lit("!"), col("ID").cast(DataType.VARCHAR)).as("SHOUT"),
            trim(concat(lit("  "), col("NOTE"), lit(" "))).as("TRIMMED")));
  }

  @Test
  void aggregatesAsLocusDoesIncludingNullKeys() {
    assertSameRows(
        orders
            .groupBy("CUSTOMER")
            .agg(
                sum(col("AMOUNT")).as("TOTAL"),
                count(col("AMOUNT")).as("AMOUNTS"),
                countStar().as("ROWS"),
                countDistinct(col("NOTE")).as("NOTES"),
                min(col("AMOUNT")).as("LOW"),
                max(col("PLACED")).as("LAST"),
                min(col("NOTE")).as("FIRST_NOTE"),
                max(col("NOTE")).as("LAST_NOTE"),
                avg(col("WEIGHT")).as("AVG_WEIGHT"),
                sum(col("WEIGHT")).as("WEIGHTS"),
                sum(col("ID")).as("IDS")));
    assertSameRows(
        orders.filter(col("ID").gt(1000)).agg(sum(col("AMOUNT")), countStar(), max(col("NOTE"))));
    assertSameRows(orders.agg(countDistinct(col("CUSTOMER")), countDistinct(col("NOTE"))));
    assertSameRows(
        orders
            .filter(col("AMOUNT").gt(decimal("0.00")))
            .groupBy(col("CUSTOMER"), year(col("PLACED")).as("Y"))
            .agg(sum(col("AMOUNT").times(col("AMOUNT"))).as("S")));
  }

  @Test
  void joinsAsLocusDoesWithNullKeys() {
    for (JoinType type : JoinType.values()) {
      if (type == JoinType.FULL && !supportsFullJoin()) {
        assertThat(
                platform.cannotRun(
                    orders.join(customers, col("CUSTOMER").eq(col("CID")), type).plan()))
            .contains("Join FULL is not pushed to H2: H2 has no FULL OUTER JOIN");
        continue;
      }
      assertSameRows(orders.join(customers, col("CUSTOMER").eq(col("CID")), type));
      assertSameRows(
          orders.join(
              customers,
              col("CUSTOMER").eq(col("CID")).and(col("AMOUNT").gt(decimal("5.00"))),
              type));
      assertSameRows(
          orders
              .filter(col("ID").gt(2))
              .join(
                  customers.filter(col("REGION").eq("EU")), col("CUSTOMER").eq(col("CID")), type));
    }
    assertSameRows(
        orders
            .join(customers, col("CUSTOMER").eq(col("CID")), JoinType.LEFT)
            .groupBy("REGION")
            .agg(sum(col("AMOUNT")).as("TOTAL"), countStar().as("N")));
  }

  @Test
  void sortsWithNullsFirstAndLast() {
    assertSameOrderedRows(orders.orderBy(asc(col("NOTE")).withNullsFirst(), desc(col("ID"))));
    assertSameOrderedRows(orders.orderBy(asc(col("NOTE")).withNullsLast(), asc(col("ID"))));
    assertSameOrderedRows(orders.orderBy(desc(col("AMOUNT")).withNullsLast(), asc(col("ID"))));
    assertSameOrderedRows(orders.orderBy(desc(col("AMOUNT")).withNullsFirst(), asc(col("ID"))));
    assertSameOrderedRows(
        orders.orderBy(asc(col("ID"))).select(col("NOTE"), col("ID").times(2).as("TWICE")));
    assertSameOrderedRows(
        orders
            .groupBy("CUSTOMER")
            .agg(sum(col("AMOUNT")).as("TOTAL"))
            .orderBy(desc(col("TOTAL")).withNullsLast(), asc(col("CUSTOMER")).withNullsFirst()));
  }

  @Test
  void takesTopNAndLimits() {
    assertSameOrderedRows(
        orders.orderBy(desc(col("AMOUNT")).withNullsLast(), asc(col("ID"))).limit(3));
    assertSameOrderedRows(orders.orderBy(asc(col("ID"))).limit(2, 3));
    assertThat(pushed(orders.limit(4))).hasSize(4);
    assertSameOrderedRows(orders.orderBy(asc(col("ID"))).limit(5).orderBy(desc(col("ID"))));
  }

  @Test
  void removesDuplicatesAndUnites() {
    assertSameRows(orders.select("CUSTOMER", "NOTE").distinct());
    assertSameRows(orders.select("CUSTOMER").unionAll(customers.select("CID")));
    assertSameRows(orders.select("CUSTOMER").union(customers.select("CID")));
  }
}
