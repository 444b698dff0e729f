package dev.locus.scheduler;

import static dev.locus.core.expr.Expressions.avg;
import static dev.locus.core.expr.Expressions.col;
import static dev.locus.core.expr.Expressions.countDistinct;
import static dev.locus.core.expr.Expressions.countStar;
import static dev.locus.core.expr.Expressions.max;
import static dev.locus.core.expr.Expressions.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.locus.core.api.Locus;
import dev.locus.core.api.SortOrder;
import dev.locus.core.api.Table;
import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.execution.ExecutorConfig;
import dev.locus.core.execution.QueryResult;
import dev.locus.core.explain.PlanPrinter;
import dev.locus.core.plan.JoinType;
import dev.locus.core.sink.csv.CsvSink;
import dev.locus.core.source.csv.CsvSource;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Field;
import dev.locus.core.type.Schema;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local executor end to end, checked against H2 running the same query on the same rows. */
class LocalExecutorIT {
  private static final Schema SALES =
      Schema.of(
          Field.notNull("id", DataType.BIGINT),
          Field.nullable("store", DataType.INT),
          Field.nullable("product", DataType.VARCHAR),
          Field.nullable("amount", DataType.decimal(12, 2)),
          Field.nullable("qty", DataType.INT));
  private static final Schema STORES =
      Schema.of(Field.notNull("store_id", DataType.INT), Field.notNull("city", DataType.VARCHAR));

  private static Locus locus;
  private static Connection h2;
  private static List<List<Object>> salesRows;
  private static List<List<Object>> storeRows;

  @BeforeAll
  static void setUp() throws SQLException {
    // Four partitions even on a small machine, so exchanges and merges are exercised.
    locus = Locus.local(ExecutorConfig.defaults().withParallelism(4));
    Random random = new Random(11);
    salesRows = new ArrayList<>();
    for (long id = 0; id < 20_000; id++) {
      List<Object> row = new ArrayList<>();
      row.add(id);
      row.add(random.nextInt(50) == 0 ? null : random.nextInt(12));
      row.add(random.nextInt(40) == 0 ? null : "p" + random.nextInt(300));
      row.add(
          random.nextInt(30) == 0 ? null : BigDecimal.valueOf(random.nextInt(1_000_000) - 1000, 2));
      row.add(random.nextInt(30) == 0 ? null : random.nextInt(10));
      salesRows.add(row);
    }
    storeRows = new ArrayList<>();
    for (int store = 0; store < 10; store++) {
      storeRows.add(List.of(store, "city" + (store % 4)));
    }
    h2 = DriverManager.getConnection("jdbc:h2:mem:locus_executor_it");
    try (Statement statement = h2.createStatement()) {
      statement.execute(
          "CREATE TABLE sales (id BIGINT, store INT, product VARCHAR, amount DECIMAL(12, 2), qty INT)");
      statement.execute("CREATE TABLE stores (store_id INT, city VARCHAR)");
    }
    insert("INSERT INTO sales VALUES (?, ?, ?, ?, ?)", salesRows);
    insert("INSERT INTO stores VALUES (?, ?)", storeRows);
  }

  private static void insert(String sql, List<List<Object>> rows) throws SQLException {
    try (PreparedStatement statement = h2.prepareStatement(sql)) {
      for (List<Object> row : rows) {
        for (int i = 0; i < row.size(); i++) {
          statement.setObject(i + 1, row.get(i));
        }
        statement.addBatch();
      }
      statement.executeBatch();
    }
  }

  @AfterAll
  static void tearDown() throws SQLException {
    locus.close();
    h2.close();
  }

  private static Table sales() {
    return locus.values(SALES, salesRows);
  }

  private static Table stores() {
    return locus.values(STORES, storeRows);
  }

  private static List<List<Object>> h2(String sql) throws SQLException {
    List<List<Object>> rows = new ArrayList<>();
    try (Statement statement = h2.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      int columns = result.getMetaData().getColumnCount();
      while (result.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
          Object value = result.getObject(i);
          row.add(normalize(value));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  /** Compares numbers by value, whatever class each engine returns them as. */
  private static Object normalize(Object value) {
    if (value instanceof BigDecimal decimal) {
      return decimal.stripTrailingZeros().toPlainString();
    }
    if (value instanceof Integer || value instanceof Long || value instanceof Short) {
      return new BigDecimal(value.toString()).toPlainString();
    }
    return value;
  }

  private static List<List<Object>> locusRows(Table table) {
    return table.execute().rows().stream()
        .map(row -> row.stream().map(LocalExecutorIT::normalize).toList())
        .toList();
  }

  @Test
  void groupedAggregateEqualsH2() throws SQLException {
    Table query =
        sales()
            .filter(col("qty").gt(2))
            .groupBy("store")
            .agg(
                sum(col("amount").times(col("qty"))).as("revenue"),
                countStar().as("lines"),
                countDistinct(col("product")).as("products"),
                max(col("product")).as("last_product"))
            .orderBy(SortOrder.asc(col("store")));
    assertThat(locusRows(query))
        .isEqualTo(
            h2(
                "SELECT store, SUM(amount * qty), COUNT(*), COUNT(DISTINCT product), MAX(product)"
                    + " FROM sales WHERE qty > 2 GROUP BY store ORDER BY store NULLS LAST"));
  }

  @Test
  void averageOfDecimalsIsNotTruncated() {
    List<List<Object>> rows = sales().agg(avg(col("amount")).as("a")).execute().rows();
    BigDecimal total = BigDecimal.ZERO;
    long count = 0;
    for (List<Object> row : salesRows) {
      if (row.get(3) != null) {
        total = total.add((BigDecimal) row.get(3));
        count++;
      }
    }
    BigDecimal expected =
        total.divide(BigDecimal.valueOf(count), 6, java.math.RoundingMode.HALF_UP);
    assertThat(rows.get(0).get(0)).isEqualTo(expected);
  }

  @Test
  void joinsEqualH2ForEveryJoinType() throws SQLException {
    for (JoinType type : JoinType.values()) {
      Table joined =
          sales()
              .filter(col("id").lt(2000))
              .join(stores().filter(col("store_id").lt(8)), col("store").eq(col("store_id")), type);
      Table counted =
          type.outputsRight()
              ? joined.groupBy("city").agg(countStar().as("n"), sum(col("amount")).as("total"))
              : joined.groupBy("store").agg(countStar().as("n"), sum(col("amount")).as("total"));
      String join =
          switch (type) {
            case INNER -> "JOIN";
            case LEFT -> "LEFT JOIN";
            case RIGHT -> "RIGHT JOIN";
            case FULL -> "FULL JOIN";
            default -> null;
          };
      String sql =
          type == JoinType.FULL
              // H2 has no FULL JOIN: a left join plus the unmatched right rows.
              ? "SELECT city, COUNT(*), SUM(amount) FROM (SELECT s.amount, t.city FROM"
                  + " (SELECT * FROM sales WHERE id < 2000) s LEFT JOIN"
                  + " (SELECT * FROM stores WHERE store_id < 8) t ON s.store = t.store_id"
                  + " UNION ALL SELECT NULL, t.city FROM stores t WHERE t.store_id < 8 AND NOT EXISTS"
                  + " (SELECT 1 FROM sales s WHERE s.id < 2000 AND s.store = t.store_id))"
                  + " GROUP BY city ORDER BY city NULLS LAST"
              : type.outputsRight()
                  ? "SELECT city, COUNT(*), SUM(amount) FROM (SELECT * FROM sales WHERE id < 2000) s "
                      + join
                      + " (SELECT * FROM stores WHERE store_id < 8) t ON s.store = t.store_id"
                      + " GROUP BY city ORDER BY city NULLS LAST"
                  : "SELECT store, COUNT(*), SUM(amount) FROM sales s WHERE id < 2000 AND "
                      + (type == JoinType.SEMI ? "" : "NOT ")
                      + "EXISTS (SELECT 1 FROM stores t WHERE t.store_id < 8 AND s.store = t.store_id)"
                      + " GROUP BY store ORDER BY store NULLS LAST";
      String firstColumn = type.outputsRight() ? "city" : "store";
      assertThat(locusRows(counted.orderBy(SortOrder.asc(col(firstColumn)))))
          .as("%s join", type)
          .isEqualTo(h2(sql));
    }
  }

  @Test
  void topNAndLimitEqualH2() throws SQLException {
    Table top =
        sales()
            .filter(col("amount").isNotNull())
            .orderBy(SortOrder.desc(col("amount")), SortOrder.asc(col("id")))
            .limit(7)
            .select("id", "amount");
    assertThat(locusRows(top))
        .isEqualTo(
            h2(
                "SELECT id, amount FROM sales WHERE amount IS NOT NULL ORDER BY amount DESC, id"
                    + " LIMIT 7"));
    Table paged = sales().orderBy("id").limit(100, 5).select("id");
    assertThat(locusRows(paged))
        .isEqualTo(h2("SELECT id FROM sales ORDER BY id LIMIT 5 OFFSET 100"));
  }

  @Test
  void distinctAndUnionEqualH2() throws SQLException {
    Table cities = stores().select("city");
    assertThat(locusRows(cities.union(cities).orderBy("city")))
        .isEqualTo(h2("SELECT city FROM stores UNION SELECT city FROM stores ORDER BY city"));
    assertThat(cities.unionAll(cities).count()).isEqualTo(20);
  }

  @Test
  void failsCleanlyOnDivisionByZeroAndKeepsServing() {
    Table broken = sales().select(col("amount").div(col("qty")).as("unit_price"));
    assertThatThrownBy(broken::collect)
        .isInstanceOf(LocusException.class)
        .hasMessage("Division by zero in (amount / CAST(qty AS DECIMAL(10, 0)))")
        .extracting(e -> ((LocusException) e).code())
        .isEqualTo(ErrorCode.DIVISION_BY_ZERO);
    // The engine still runs the next query.
    assertThat(sales().count()).isEqualTo(20_000);
  }

  @Test
  void failsCleanlyOnDecimalOverflow() {
    Table huge =
        locus
            .values(
                Schema.of(Field.notNull("x", DataType.decimal(18, 0))),
                List.of(List.of(new BigDecimal("999999999999999999"))))
            .select(col("x").times(col("x")).times(col("x")).as("y"));
    assertThatThrownBy(huge::collect)
        .isInstanceOf(LocusException.class)
        .hasMessageStartingWith("Decimal overflow: ")
        .extracting(e -> ((LocusException) e).code())
        .isEqualTo(ErrorCode.NUMERIC_OVERFLOW);
  }

  @Test
  void writesCsvThatReadsBackTheSameRows(@TempDir Path directory) {
    Path file = directory.resolve("out.csv");
    Table source = sales().filter(col("store").eq(3)).select("id", "product", "amount");
    long written = source.write(CsvSink.toFile(file));
    assertThat(Files.exists(file)).isTrue();
    Table back = locus.read(CsvSource.read(file, source.schema()));
    assertThat(written).isEqualTo(back.count());
    assertThat(locusRows(back.orderBy("id"))).isEqualTo(locusRows(source.orderBy("id")));
  }

  @Test
  void measuresRowsPerOperator() {
    Table query = sales().filter(col("store").eq(3)).groupBy("product").agg(countStar().as("n"));
    QueryResult result = query.execute();
    String explained = PlanPrinter.explain(query.plan(), result.stats());
    long filtered = salesRows.stream().filter(row -> Integer.valueOf(3).equals(row.get(1))).count();
    assertThat(explained)
        .contains("Filter[($1 = 3)]  (#2, est. rows 5000, rows " + filtered + ", ");
    assertThat(result.stats().forNode(0).orElseThrow().rowsOut()).isEqualTo(result.rows().size());
  }

  @Test
  void runsSeveralQueriesAtOnce() throws Exception {
    List<Table> queries =
        List.of(
            sales().groupBy("store").agg(sum(col("amount")).as("total")).orderBy("store"),
            sales()
                .join(stores(), col("store").eq(col("store_id")))
                .groupBy("city")
                .agg(countStar().as("n"))
                .orderBy("city"),
            sales().orderBy(SortOrder.desc(col("id"))).limit(10),
            sales().select("product").distinct().orderBy("product"));
    List<List<List<Object>>> sequential = queries.stream().map(LocalExecutorIT::locusRows).toList();
    ExecutorService clients = Executors.newFixedThreadPool(4);
    try {
      for (int round = 0; round < 3; round++) {
        List<Future<List<List<Object>>>> results = new ArrayList<>();
        for (Table query : queries) {
          results.add(clients.submit(() -> locusRows(query)));
        }
        for (int i = 0; i < queries.size(); i++) {
          assertThat(results.get(i).get(60, TimeUnit.SECONDS)).isEqualTo(sequential.get(i));
        }
      }
    } finally {
      clients.shutdownNow();
    }
  }
}
