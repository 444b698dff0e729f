package dev.locus.adapters.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.locus.core.source.TableStatistics;
import dev.locus.core.source.TableStatistics.ColumnSummary;
import dev.locus.costmodel.ColumnStatistics;
import dev.locus.costmodel.Confidence;
import dev.locus.costmodel.Estimate;
import dev.locus.costmodel.SourceStatistics;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Statistics read from a real PostgreSQL server's catalog after ANALYZE, checked against the exact
 * counts the database computes itself ({@code COUNT(DISTINCT)}, NULL counts, MIN/MAX).
 */
class PostgresStatisticsIT {
  private static final int ROWS = 100_000;
  private static final List<String> COLUMNS =
      List.of("id", "store", "product", "day", "amount", "note");
  private static final String FILL =
      " SELECT g, 1 + g % 8, 1 + floor(2000 * power(random(), 2.5)), DATE '2024-01-01' + g % 90,"
          + " (g % 10000) / 100.0, CASE WHEN g % 3 = 0 THEN NULL ELSE 'n' || (g % 50) END"
          + " FROM generate_series(1, "
          + ROWS
          + ") g";

  private static PostgresServer server;

  @BeforeAll
  static void start() throws Exception {
    server = PostgresServer.start("C");
    String columns =
        " (id BIGINT PRIMARY KEY, store INT NOT NULL, product BIGINT, day DATE,"
            + " amount DECIMAL(12, 2), note VARCHAR(20))";
    server.execute(
        "SELECT setseed(0.42)",
        "CREATE TABLE sales" + columns,
        "INSERT INTO sales" + FILL,
        "ANALYZE sales",
        // Never analyzed: autovacuum must not analyze it behind the test's back.
        "CREATE TABLE fresh" + columns + " WITH (autovacuum_enabled = false)",
        "INSERT INTO fresh" + FILL);
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  private static double exact(String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(server.url());
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      result.next();
      return result.getDouble(1);
    }
  }

  @Test
  void readsDistinctCountsNullsAndRangesFromPgStats() throws SQLException {
    TableStatistics statistics = JdbcSource.table(server.url(), "sales").statistics().orElseThrow();

    assertThat(statistics.rows()).isCloseTo(ROWS, within(ROWS * 0.01));
    assertThat(statistics.complete()).isTrue();
    for (int i = 0; i < COLUMNS.size(); i++) {
      String column = COLUMNS.get(i);
      ColumnSummary summary = statistics.columns().get(i);
      double distinct = exact("SELECT COUNT(DISTINCT " + column + ") FROM sales");
      double nulls =
          exact("SELECT AVG(CASE WHEN " + column + " IS NULL THEN 1.0 ELSE 0 END) FROM sales");
      assertThat(summary.distinct()).as(column).isBetween(distinct / 1.5, distinct * 1.5);
      assertThat(summary.nullFraction()).as(column).isCloseTo(nulls, within(0.02));
    }
    // Ranges: from the histogram and most common values of ANALYZE's sample.
    ColumnSummary id = statistics.columns().get(0);
    assertThat(id.min()).isCloseTo(exact("SELECT MIN(id) FROM sales"), within(ROWS * 0.01));
    assertThat(id.max()).isCloseTo(exact("SELECT MAX(id) FROM sales"), within(ROWS * 0.01));
    ColumnSummary day = statistics.columns().get(3);
    assertThat(day.min()).isEqualTo(LocalDate.of(2024, 1, 1).toEpochDay());
    assertThat(day.max()).isEqualTo(LocalDate.of(2024, 1, 1).plusDays(89).toEpochDay());
    assertThat(statistics.columns().get(5).min()).isNaN();
  }

  @Test
  void theCostModelPrefersTheDatabasesStatisticsWithHighConfidence() throws SQLException {
    Estimate estimate = SourceStatistics.of(JdbcSource.table(server.url(), "sales"));

    assertThat(estimate.confidence()).isEqualTo(Confidence.HIGH);
    assertThat(estimate.rows()).isCloseTo(ROWS, within(ROWS * 0.01));
    ColumnStatistics product = estimate.column(2);
    double distinct = exact("SELECT COUNT(DISTINCT product) FROM sales");
    assertThat(product.distinct()).isBetween(distinct / 1.5, distinct * 1.5);
    assertThat(estimate.column(1).distinct()).isEqualTo(8);
  }

  @Test
  void samplesATableNeverAnalyzed() {
    JdbcSource fresh = JdbcSource.table(server.url(), "fresh");

    assertThat(fresh.statistics()).isEmpty();
    Estimate estimate = SourceStatistics.of(fresh);
    assertThat(estimate.confidence()).isEqualTo(Confidence.MEDIUM);
    // COUNT(*) when there are no statistics; the sample of the first rows sees all 8 stores.
    assertThat(estimate.rows()).isEqualTo(ROWS);
    assertThat(estimate.column(1).distinct()).isEqualTo(8);
  }
}
