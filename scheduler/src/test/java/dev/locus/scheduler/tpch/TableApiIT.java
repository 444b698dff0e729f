package dev.locus.scheduler.tpch;

import static dev.locus.core.expr.Expressions.avg;
import static dev.locus.core.expr.Expressions.col;
import static dev.locus.core.expr.Expressions.count;
import static dev.locus.core.expr.Expressions.countDistinct;
import static dev.locus.core.expr.Expressions.countStar;
import static dev.locus.core.expr.Expressions.max;
import static dev.locus.core.expr.Expressions.min;
import static dev.locus.core.expr.Expressions.sum;

import dev.locus.core.api.Locus;
import dev.locus.core.api.SortOrder;
import dev.locus.core.api.Table;
import dev.locus.core.plan.JoinType;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Field;
import dev.locus.core.type.Schema;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Table API behaviours where SQL semantics are easy to get wrong (NULL join keys, COUNT DISTINCT
 * over NULLs, aggregates of no rows, NULL ordering, OFFSET, UNION), checked against DuckDB running
 * the same query in SQL over the same small hand-made tables.
 */
class TableApiIT {
  private static final Schema LEFT =
      Schema.of(Field.nullable("lk", DataType.INT), Field.nullable("v", DataType.VARCHAR));
  private static final List<List<Object>> LEFT_ROWS =
      List.of(
          Arrays.asList(1, "a"),
          Arrays.asList(2, "b"),
          Arrays.asList(null, "n1"),
          Arrays.asList(3, "c"),
          Arrays.asList(3, "c2"),
          Arrays.asList(null, null));

  private static final Schema RIGHT =
      Schema.of(Field.nullable("rk", DataType.INT), Field.nullable("w", DataType.BIGINT));
  private static final List<List<Object>> RIGHT_ROWS =
      List.of(
          Arrays.asList(1, 10L),
          Arrays.asList(3, 30L),
          Arrays.asList(null, 99L),
          Arrays.asList(4, 40L),
          Arrays.asList(3, 31L),
          Arrays.asList(5, null));

  private static final Schema FACTS =
      Schema.of(
          Field.nullable("g", DataType.VARCHAR),
          Field.nullable("x", DataType.INT),
          Field.nullable("amount", DataType.decimal(10, 2)));
  private static final List<List<Object>> FACT_ROWS =
      List.of(
          Arrays.asList("a", 1, new BigDecimal("1.10")),
          Arrays.asList("a", 1, new BigDecimal("2.25")),
          Arrays.asList("a", null, null),
          Arrays.asList("a", 2, new BigDecimal("-0.35")),
          Arrays.asList("b", null, new BigDecimal("5.00")),
          Arrays.asList("b", null, null),
          Arrays.asList(null, 7, new BigDecimal("0.01")),
          Arrays.asList(null, 7, new BigDecimal("0.02")),
          Arrays.asList("c", 3, new BigDecimal("3.33")),
          Arrays.asList("c", 4, new BigDecimal("4.44")));

  private static Locus locus;
  private static DuckDb duckDb;

  @BeforeAll
  static void loadTables() throws Exception {
    locus = Locus.local();
    duckDb = DuckDb.inMemory();
    // The oracle gets the rows as Locus returns them from its own Values plans.
    duckDb.load("l", LEFT, locus.values(LEFT, LEFT_ROWS).execute().rows());
    duckDb.load("r", RIGHT, locus.values(RIGHT, RIGHT_ROWS).execute().rows());
    duckDb.load("facts", FACTS, locus.values(FACTS, FACT_ROWS).execute().rows());
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

  private static Table left() {
    return locus.values(LEFT, LEFT_ROWS);
  }

  private static Table right() {
    return locus.values(RIGHT, RIGHT_ROWS);
  }

  private static Table facts() {
    return locus.values(FACTS, FACT_ROWS);
  }

  private static void assertSame(String sql, Table table, Integer... orderKeys) throws Exception {
    ResultComparison.assertSameRows(sql, duckDb.query(sql), table.execute(), List.of(orderKeys));
  }

  private static final Map<JoinType, String> JOIN_SQL =
      Map.of(
          JoinType.INNER, "select * from l join r on lk = rk",
          JoinType.LEFT, "select * from l left join r on lk = rk",
          JoinType.RIGHT, "select * from l right join r on lk = rk",
          JoinType.FULL, "select * from l full join r on lk = rk",
          JoinType.SEMI, "select * from l where exists (select 1 from r where rk = lk)",
          JoinType.ANTI, "select * from l where not exists (select 1 from r where rk = lk)");

  @ParameterizedTest
  @EnumSource(JoinType.class)
  void joinsOnNullableKeysWithSqlSemantics(JoinType type) throws Exception {
    assertSame(JOIN_SQL.get(type), left().join(right(), col("lk").eq(col("rk")), type));
  }

  private static final Map<JoinType, String> RESIDUAL_JOIN_SQL =
      Map.of(
          JoinType.INNER,
          "select * from l join r on lk = rk and w > 30",
          JoinType.LEFT,
          "select * from l left join r on lk = rk and w > 30",
          JoinType.RIGHT,
          "select * from l right join r on lk = rk and w > 30",
          JoinType.FULL,
          "select * from l full join r on lk = rk and w > 30",
          JoinType.SEMI,
          "select * from l where exists (select 1 from r where rk = lk and w > 30)",
          JoinType.ANTI,
          "select * from l where not exists (select 1 from r where rk = lk and w > 30)");

  @ParameterizedTest
  @EnumSource(JoinType.class)
  void appliesTheNonEquiPartOfTheConditionToMatchingPairsOnly(JoinType type) throws Exception {
    assertSame(
        RESIDUAL_JOIN_SQL.get(type),
        left().join(right(), col("lk").eq(col("rk")).and(col("w").gt(30L)), type));
  }

  @Test
  void countsDistinctValuesIgnoringNulls() throws Exception {
    assertSame(
        "select count(distinct x) as dx, count(x) as cx, count(*) as c,"
            + " count(distinct g) as dg from facts",
        facts()
            .agg(
                countDistinct(col("x")).as("dx"),
                count(col("x")).as("cx"),
                countStar().as("c"),
                countDistinct(col("g")).as("dg")));
  }

  @Test
  void groupsNullKeysTogetherAndAggregatesIgnoringNulls() throws Exception {
    assertSame(
        "select g, count(distinct x) as dx, count(x) as cx, count(*) as c, sum(x) as sx,"
            + " sum(amount) as total, min(amount) as low, max(x) as high, avg(amount) as mean"
            + " from facts group by g",
        facts()
            .groupBy("g")
            .agg(
                countDistinct(col("x")).as("dx"),
                count(col("x")).as("cx"),
                countStar().as("c"),
                sum(col("x")).as("sx"),
                sum(col("amount")).as("total"),
                min(col("amount")).as("low"),
                max(col("x")).as("high"),
                avg(col("amount")).as("mean")));
  }

  @Test
  void aggregatesOfNoRowsAreOneRowOfZeroCountsAndNulls() throws Exception {
    assertSame(
        "select count(*) as c, count(x) as cx, count(distinct x) as dx, sum(x) as sx,"
            + " sum(amount) as total, min(g) as low, max(x) as high, avg(x) as mean"
            + " from facts where x > 100",
        facts()
            .filter(col("x").gt(100))
            .agg(
                countStar().as("c"),
                count(col("x")).as("cx"),
                countDistinct(col("x")).as("dx"),
                sum(col("x")).as("sx"),
                sum(col("amount")).as("total"),
                min(col("g")).as("low"),
                max(col("x")).as("high"),
                avg(col("x")).as("mean")));
  }

  @Test
  void groupedAggregatesOfNoRowsAreNoRows() throws Exception {
    assertSame(
        "select g, count(*) as c, sum(amount) as total from facts where x > 100 group by g",
        facts()
            .filter(col("x").gt(100))
            .groupBy("g")
            .agg(countStar().as("c"), sum(col("amount")).as("total")));
  }

  @Test
  void ordersNullsFirstOrLastAsAsked() throws Exception {
    assertSame(
        "select * from facts order by x asc nulls first, g desc nulls last, amount desc nulls first",
        facts()
            .orderBy(
                SortOrder.asc(col("x")).withNullsFirst(),
                SortOrder.desc(col("g")).withNullsLast(),
                SortOrder.desc(col("amount"))),
        1,
        0,
        2);
    assertSame(
        "select * from facts order by x desc nulls last, g asc nulls first, amount asc nulls last",
        facts()
            .orderBy(
                SortOrder.desc(col("x")).withNullsLast(),
                SortOrder.asc(col("g")).withNullsFirst(),
                SortOrder.asc(col("amount"))),
        1,
        0,
        2);
  }

  /** The SQL spells the NULL order out: DuckDB's own default is NULLS LAST in both directions. */
  @Test
  void ordersByDefaultWithNullsLastAscendingAndFirstDescending() throws Exception {
    assertSame(
        "select * from l order by lk desc nulls first, v asc nulls last",
        left().orderBy(SortOrder.desc(col("lk")), SortOrder.asc(col("v"))),
        0,
        1);
    assertSame(
        "select * from l order by lk asc nulls last, v desc nulls first",
        left().orderBy(SortOrder.asc(col("lk")), SortOrder.desc(col("v"))),
        0,
        1);
  }

  @Test
  void skipsOffsetRowsThenKeepsTheLimit() throws Exception {
    Table ordered = facts().orderBy(SortOrder.asc(col("amount")), SortOrder.asc(col("g")));
    assertSame(
        "select * from facts order by amount nulls last, g nulls last limit 3 offset 2",
        ordered.limit(2, 3),
        2,
        0);
    assertSame(
        "select * from facts order by amount nulls last, g nulls last limit 4",
        ordered.limit(4),
        2,
        0);
    assertSame(
        "select * from facts order by amount nulls last, g nulls last limit 5 offset 8",
        ordered.limit(8, 5),
        2,
        0);
    assertSame("select * from facts limit 0", facts().limit(0));
  }

  @Test
  void unionAllKeepsDuplicatesAndUnionRemovesThem() throws Exception {
    assertSame(
        "select lk from l union all select rk from r",
        left().select("lk").unionAll(right().select(col("rk").as("lk"))));
    assertSame(
        "select lk from l union select rk from r",
        left().select("lk").union(right().select(col("rk").as("lk"))));
  }

  @Test
  void distinctTreatsNullsAsEqual() throws Exception {
    assertSame("select distinct g, x from facts", facts().select("g", "x").distinct());
    assertSame("select distinct lk from l", left().select("lk").distinct());
  }
}
