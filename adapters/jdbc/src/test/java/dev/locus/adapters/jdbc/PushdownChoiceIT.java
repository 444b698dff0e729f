package dev.locus.adapters.jdbc;

import static dev.locus.core.expr.Expressions.col;
import static dev.locus.core.expr.Expressions.countStar;
import static dev.locus.core.expr.Expressions.sum;
import static org.assertj.core.api.Assertions.assertThat;

import dev.locus.core.api.Locus;
import dev.locus.core.api.Table;
import dev.locus.core.execution.ExecutorConfig;
import dev.locus.core.source.csv.CsvSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The optimizer's own choice (no forced platform) over a real PostgreSQL server: what it pushes
 * shows in the generated SQL of the executed plan, and the answers equal the native engine's.
 */
class PushdownChoiceIT {
  private static final int ORDERS = 60_000;
  private static final int CUSTOMERS = 600;

  private static PostgresServer server;
  private static Locus auto;
  private static Locus nativeOnly;

  @TempDir static Path directory;
  private static Path regions;

  @BeforeAll
  static void start() throws Exception {
    server = PostgresServer.start("C");
    server.execute(
        "CREATE TABLE orders (id BIGINT PRIMARY KEY, customer INT, amount DECIMAL(12, 2),"
            + " status VARCHAR(10))",
        "CREATE TABLE customers (cid INT PRIMARY KEY, name VARCHAR(40))");
    try (Connection connection = DriverManager.getConnection(server.url())) {
      connection.setAutoCommit(false);
      try (PreparedStatement insert =
          connection.prepareStatement("INSERT INTO orders VALUES (?, ?, ?, ?)")) {
        for (int i = 0; i < ORDERS; i++) {
          insert.setLong(1, i);
          insert.setInt(2, i % CUSTOMERS);
          insert.setBigDecimal(3, java.math.BigDecimal.valueOf((i * 37L) % 100_000, 2));
          insert.setString(4, i % 7 == 0 ? "returned" : "shipped");
          insert.addBatch();
        }
        insert.executeBatch();
      }
      try (PreparedStatement insert =
          connection.prepareStatement("INSERT INTO customers VALUES (?, ?)")) {
        for (int i = 0; i < CUSTOMERS; i++) {
          insert.setInt(1, i);
          insert.setString(2, "customer " + i);
          insert.addBatch();
        }
        insert.executeBatch();
      }
      connection.commit();
      try (Statement statement = connection.createStatement()) {
        statement.execute("ANALYZE");
      }
    }
    List<String> lines = new ArrayList<>(List.of("cust,region"));
    for (int i = 0; i < CUSTOMERS; i++) {
      lines.add(i + "," + (i % 3 == 0 ? "north" : "south"));
    }
    regions = directory.resolve("regions.csv");
    Files.write(regions, lines);
    auto = Locus.local();
    nativeOnly = Locus.local(ExecutorConfig.defaults().withPlatform("native"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (auto != null) {
      auto.close();
      nativeOnly.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private static Table orders(Locus locus) {
    return locus.read(JdbcSource.table(server.url(), "orders"));
  }

  private static String explain(Locus locus, Table table) {
    return locus.executor().explain(table.plan(), null);
  }

  private static String executedPlan(String explain) {
    return explain.substring(explain.indexOf("Executed plan:"));
  }

  @Test
  void filterAndAggregateOverOneTableAreOneQueryWithWhereAndGroupBy() {
    Table revenue =
        orders(auto)
            .filter(col("status").eq("shipped"))
            .groupBy("customer")
            .agg(sum(col("amount")).as("revenue"));

    String executed = executedPlan(explain(auto, revenue));

    assertThat(executed.lines().filter(line -> line.contains("Scan[")).toList())
        .singleElement()
        .asString()
        .contains("SELECT")
        .contains("WHERE")
        .contains("GROUP BY")
        .doesNotContain("shipped");
    assertThat(revenue.execute().rows())
        .containsExactlyInAnyOrderElementsOf(
            orders(nativeOnly)
                .filter(col("status").eq("shipped"))
                .groupBy("customer")
                .agg(sum(col("amount")).as("revenue"))
                .execute()
                .rows());
  }

  @Test
  void aJoinOfTwoTablesOfOneDatabaseIsOneQuery() {
    Table named =
        orders(auto)
            .join(
                auto.read(JdbcSource.table(server.url(), "customers")),
                col("customer").eq(col("cid")))
            .groupBy("name")
            .agg(countStar().as("orders"));

    String executed = executedPlan(explain(auto, named));

    assertThat(executed.lines().filter(line -> line.contains("Scan[")).toList())
        .singleElement()
        .asString()
        .contains("JOIN");
    assertThat(named.execute().rows()).hasSize(CUSTOMERS);
  }

  @Test
  void aJoinWithACsvFilePushesTheFilterAndAggregateAndJoinsNatively() {
    Table byRegion =
        orders(auto)
            .filter(col("status").eq("shipped"))
            .groupBy("customer")
            .agg(sum(col("amount")).as("revenue"))
            .join(auto.read(CsvSource.read(regions)), col("customer").eq(col("cust")))
            .groupBy("region")
            .agg(sum(col("revenue")).as("revenue"));

    String explain = explain(auto, byRegion);
    String executed = executedPlan(explain);

    assertThat(explain).containsPattern("Join\\[.*\\(#\\d+, native, ");
    assertThat(executed)
        .containsPattern("Scan\\[jdbc:postgresql:.*SELECT.*WHERE.*GROUP BY")
        .containsPattern("Scan\\[csv:.*regions.csv");
    assertThat(byRegion.execute().rows())
        .containsExactlyInAnyOrderElementsOf(
            orders(nativeOnly)
                .filter(col("status").eq("shipped"))
                .groupBy("customer")
                .agg(sum(col("amount")).as("revenue"))
                .join(nativeOnly.read(CsvSource.read(regions)), col("customer").eq(col("cust")))
                .groupBy("region")
                .agg(sum(col("revenue")).as("revenue"))
                .execute()
                .rows());
  }
}
