package dev.locus.adapters.jdbc;

import static dev.locus.core.expr.Expressions.avg;
import static dev.locus.core.expr.Expressions.col;
import static dev.locus.core.expr.Expressions.decimal;
import static dev.locus.core.expr.Expressions.sum;
import static dev.locus.core.expr.Expressions.upper;
import static org.assertj.core.api.Assertions.assertThat;

import dev.locus.core.api.Locus;
import dev.locus.core.api.Table;
import dev.locus.core.execution.ExecutorConfig;
import dev.locus.core.plan.Scan;
import dev.locus.core.platform.Platform;
import dev.locus.core.platform.PlatformFactory;
import dev.locus.core.source.SourceSplit;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The SQL the jdbc platform writes, what it refuses, and how it splits, on H2. */
class JdbcPlatformTest {
  private static final String URL = "jdbc:h2:mem:platformsql;DB_CLOSE_DELAY=0";
  private static final String OTHER_URL = "jdbc:h2:mem:platformother;DB_CLOSE_DELAY=0";

  private Connection keepAlive;
  private Connection keepOtherAlive;
  private Locus locus;
  private JdbcPlatform platform;
  private Table orders;
  private Table customers;

  @BeforeEach
  void createDatabases() throws SQLException {
    keepAlive = DriverManager.getConnection(URL);
    keepOtherAlive = DriverManager.getConnection(OTHER_URL);
    try (Statement statement = keepAlive.createStatement();
        Statement other = keepOtherAlive.createStatement()) {
      for (String sql : JdbcPlatformContract.TABLES) {
        statement.execute(sql);
        other.execute(sql);
      }
    }
    locus = Locus.local(ExecutorConfig.defaults().withParallelism(4));
    platform = new JdbcPlatform();
    orders = locus.read(JdbcSource.table(URL, "ORDERS"));
    customers = locus.read(JdbcSource.table(URL, "CUSTOMERS"));
  }

  @AfterEach
  void close() throws SQLException {
    platform.close();
    locus.close();
    keepAlive.close();
    keepOtherAlive.close();
  }

  private static int count(String text, String word) {
    return text.split(java.util.regex.Pattern.quote(word), -1).length - 1;
  }

  @Test
  void writesAFilteredAggregateAsOneQueryWithParameters() {
    Table plan =
        orders
            .filter(col("AMOUNT").gt(decimal("5.00")))
            .groupBy("CUSTOMER")
            .agg(sum(col("AMOUNT")).as("TOTAL"));

    JdbcQuerySource source = platform.run(plan.plan());

    assertThat(source.sql())
        .isEqualTo(
            "SELECT t0.\"CUSTOMER\" AS \"CUSTOMER\", CAST(SUM(t0.\"AMOUNT\") AS NUMERIC(38, 2))"
                + " AS \"TOTAL\" FROM \"PUBLIC\".\"ORDERS\" AS t0"
                + " WHERE (t0.\"AMOUNT\" > CAST(? AS NUMERIC(10, 2))) GROUP BY t0.\"CUSTOMER\"");
    assertThat(count(source.sql(), "SELECT")).isEqualTo(1);
    assertThat(source.sql()).doesNotContain("5.00");
    assertThat(source.parameters()).containsExactly(new java.math.BigDecimal("5.00"));
    assertThat(source.name()).isEqualTo("jdbc:h2:mem:platformsql: " + source.sql());
    assertThat(source.schema()).isEqualTo(plan.schema());
  }

  @Test
  void writesAJoinOfTwoTablesAsOneQueryWithAJoin() {
    Table plan = orders.join(customers, col("CUSTOMER").eq(col("CID")).and(col("REGION").eq("EU")));

    JdbcQuerySource source = platform.run(plan.plan());

    assertThat(count(source.sql(), "SELECT")).isEqualTo(1);
    assertThat(source.sql())
        .contains(
            " FROM \"PUBLIC\".\"ORDERS\" AS t0 JOIN \"PUBLIC\".\"CUSTOMERS\" AS t1 ON"
                + " t0.\"CUSTOMER\" = t1.\"CID\" AND (t1.\"REGION\" = CAST(? AS VARCHAR))")
        .doesNotContain("EU");
    assertThat(source.parameters()).containsExactly("EU");
  }

  @Test
  void passesQuotesAndInjectionAttemptsAsParameters() throws SQLException {
    String attack = "x'; DROP TABLE \"ORDERS\"; --";
    Table quoted = orders.filter(col("NOTE").eq("it's; DROP").or(col("NOTE").eq(attack)));

    JdbcQuerySource source = platform.run(quoted.plan());

    assertThat(source.sql()).doesNotContain("DROP").doesNotContain("it's");
    assertThat(source.parameters()).containsExactly("it's; DROP", attack);
    assertThat(locus.execute(Scan.of(source)).rows())
        .extracting(row -> row.get(0))
        .containsExactly(6);
    try (Statement statement = keepAlive.createStatement();
        ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM \"ORDERS\"")) {
      rows.next();
      assertThat(rows.getInt(1)).isEqualTo(10);
    }
  }

  @Test
  void quotesIdentifiersWithQuotesInThem() throws SQLException {
    try (Statement statement = keepAlive.createStatement()) {
      statement.execute("CREATE TABLE \"we\"\"ird\" (\"a\"\"b\" INT, \"what?\" INT)");
      statement.execute("INSERT INTO \"we\"\"ird\" VALUES (1, 2), (3, 4)");
    }
    Table weird = locus.read(JdbcSource.table(URL, "we\"ird"));
    Table plan = weird.filter(col("a\"b").gt(1));

    JdbcQuerySource source = platform.run(plan.plan());

    assertThat(source.sql()).contains("\"PUBLIC\".\"we\"\"ird\"").contains("t0.\"a\"\"b\"");
    assertThat(locus.execute(Scan.of(source)).rows()).containsExactly(List.of(3, 4));
  }

  @Test
  void explainsWhatItDoesNotPush() {
    assertThat(platform.cannotRun(orders.agg(avg(col("AMOUNT")).as("A")).plan()))
        .contains(
            "Aggregate AVG over DECIMAL(10, 2) is not pushed: H2 and Locus round differently"
                + " (Locus rounds half-up to scale 6)");
    assertThat(platform.cannotRun(orders.select(col("AMOUNT").div(col("ID")).as("Q")).plan()))
        .hasValueSatisfying(
            reason ->
                assertThat(reason)
                    .startsWith(
                        "Project (AMOUNT / CAST(ID AS DECIMAL(10, 0))) is not pushed to H2:")
                    .contains("Locus rounds a DECIMAL quotient half-up"));
    Table elsewhere = locus.read(JdbcSource.table(OTHER_URL, "CUSTOMERS"));
    assertThat(platform.cannotRun(orders.join(elsewhere, col("CUSTOMER").eq(col("CID"))).plan()))
        .contains(
            "Join reads two databases: jdbc:h2:mem:platformsql and jdbc:h2:mem:platformother");
    assertThat(platform.cannotRun(orders.filter(col("NOTE").like("a\\%")).plan()))
        .contains(
            "Filter (NOTE LIKE 'a\\%') is not pushed to H2: H2 reads a backslash in a LIKE pattern"
                + " as an escape");
    assertThat(platform.cannotRun(orders.select(upper(col("NOTE")).as("U")).plan())).isEmpty();
    assertThat(platform.cannotRun(locus.values(orders.schema(), List.of()).plan()))
        .contains(
            "Values is not pushed: the jdbc platform runs Scan, Filter, Project, Aggregate, Join,"
                + " Sort, TopN, Limit, Distinct and Union over JDBC tables");
  }

  @Test
  void isFoundByItsFactoryAndReadsItsCosts() {
    PlatformFactory factory =
        ServiceLoader.load(PlatformFactory.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(candidate -> candidate.name().equals("jdbc"))
            .findFirst()
            .orElseThrow();
    try (Platform created = factory.create(Map.of())) {
      assertThat(created.name()).isEqualTo("jdbc");
      assertThat(created.costs()).isEqualTo(JdbcPlatform.loadCosts());
      assertThat(created.costs().millisPerMillionRowsIn()).isZero();
    }
  }

  @Test
  void readsTheKeyAndStatisticsOfATable() {
    JdbcSource source = JdbcSource.table(URL, "ORDERS");

    assertThat(source.uniqueKeys()).containsExactly(List.of(0));
    assertThat(source.estimatedRows()).isEqualTo(10);
    assertThat(JdbcSource.table(URL, "CUSTOMERS").uniqueKeys()).isEmpty();
  }

  @Test
  void splitsALargeTableIntoKeyRangesThatCoverEveryRowOnce() throws SQLException {
    try (Statement statement = keepAlive.createStatement()) {
      statement.execute("CREATE TABLE BIG (K BIGINT PRIMARY KEY, V INT)");
      statement.execute(
          "INSERT INTO BIG SELECT X * 3 - 7, MOD(X, 10) FROM SYSTEM_RANGE(1, 200000)");
    }
    Table big = locus.read(JdbcSource.table(URL, "BIG"));
    Table plan = big.filter(col("V").ne(3)).select(col("V"), col("K"));

    JdbcQuerySource source = platform.run(plan.plan());
    List<SourceSplit> splits = source.splits(4);

    assertThat(splits).hasSize(4);
    assertThat(splits.get(1).describe()).endsWith("(K in [149995, 299994])");
    List<Long> keys = new ArrayList<>();
    try (org.apache.arrow.memory.RootAllocator allocator =
        new org.apache.arrow.memory.RootAllocator()) {
      for (SourceSplit split : splits) {
        try (dev.locus.core.source.BatchReader reader =
            split.open(allocator, List.of(1, 0), 50_000)) {
          for (var batch = reader.next(); batch != null; batch = reader.next()) {
            try (var owned = batch) {
              for (List<Object> row : dev.locus.core.batch.Batches.toRows(owned)) {
                keys.add((Long) row.get(0));
              }
            }
          }
        }
      }
    }
    assertThat(keys).hasSize(180_000).doesNotHaveDuplicates();
    assertThat(keys).allMatch(k -> Math.floorMod(k + 7, 30) != 9);
    assertThat(locus.execute(Scan.of(source)).rows()).hasSize(180_000);
    assertThat(source.uniqueKeys()).isEmpty();
    assertThat(platform.run(big.plan()).uniqueKeys()).containsExactly(List.of(0));
  }
}
