package dev.locus.sql.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.locus.adapters.jdbc.JdbcSource;
import dev.locus.adapters.jdbc.PostgresServer;
import dev.locus.adapters.jdbc.TableCopy;
import dev.locus.core.api.Locus;
import dev.locus.core.execution.ExecutorConfig;
import dev.locus.core.source.tpch.TpchSource;
import dev.locus.sql.tpch.ResultComparison;
import dev.locus.sql.tpch.ResultRows;
import dev.locus.sql.tpch.TpchDuckDb;
import dev.locus.sql.tpch.TpchMemoryTables;
import dev.locus.sql.tpch.TpchQueries;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The 22 TPC-H queries over tables that live in a database (H2 in memory, and a real PostgreSQL
 * server the test starts), with pushdown on: the optimizer sends what the database evaluates
 * exactly to it. Answers are checked against DuckDB on the same rows.
 */
class TpchJdbcIT {
  private static final double SCALE_FACTOR = 0.01;
  private static TpchDuckDb duckDb;
  private static TpchMemoryTables tables;

  @BeforeAll
  static void load() {
    duckDb = TpchDuckDb.load(SCALE_FACTOR, 2);
    tables = TpchMemoryTables.load(SCALE_FACTOR);
  }

  @AfterAll
  static void close() {
    duckDb.close();
    tables.close();
  }

  static List<Integer> queries() {
    return TpchQueries.numbers();
  }

  /** Creates the eight tables in a database and copies the generated rows into them. */
  static void copyInto(String url, boolean analyze) throws SQLException {
    try (Locus locus = Locus.local(ExecutorConfig.defaults().withPlatform("native"));
        Connection connection = DriverManager.getConnection(url)) {
      connection.setAutoCommit(false);
      for (String name : TpchSource.tableNames()) {
        List<Integer> key = TpchSource.table(name, SCALE_FACTOR).uniqueKeys().get(0);
        TableCopy.copy(
            connection,
            name,
            tables.table(name).schema(),
            key.size() == 1 ? key : List.of(),
            locus.read(tables.table(name)).collect());
      }
      connection.commit();
      if (analyze) {
        connection.setAutoCommit(true);
        try (Statement statement = connection.createStatement()) {
          statement.execute("ANALYZE");
        }
      }
    }
  }

  /** One database: the tables registered under their TPC-H names, queries run with pushdown. */
  abstract static class Database {
    Locus locus;

    abstract String url();

    void register(boolean upperCase) {
      locus = Locus.local(ExecutorConfig.defaults().withParallelism(2));
      for (String name : TpchSource.tableNames()) {
        String stored = upperCase ? name.toUpperCase(Locale.ROOT) : name;
        locus.register(name, JdbcSource.table(url(), stored));
      }
    }

    @ParameterizedTest(name = "Q{0}")
    @MethodSource("dev.locus.sql.jdbc.TpchJdbcIT#queries")
    void givesDuckDbsAnswerWithPushdown(int number) {
      String query = TpchQueries.query(number);
      ResultRows expected = duckDb.query(query);
      ResultRows actual = ResultRows.of(locus.sql(query).execute());
      ResultComparison.difference(query, expected, actual)
          .ifPresent(message -> fail("Q" + number + " over " + url() + ": " + message));
    }

    @Test
    void q6RunsWhollyInTheDatabase() {
      String explain = locus.executor().explain(locus.sql(TpchQueries.query(6)).plan(), null);
      String executed = explain.substring(explain.indexOf("Executed plan:"));
      assertThat(executed.lines().filter(line -> line.contains("Scan[")).toList())
          .singleElement()
          .asString()
          .contains("WHERE")
          .contains("SUM");
    }
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class H2 extends Database {
    private static final String URL = "jdbc:h2:mem:tpch-jdbc-it;DB_CLOSE_DELAY=-1";

    @BeforeAll
    void start() throws SQLException {
      copyInto(URL, false);
      register(true);
    }

    @AfterAll
    void stop() {
      locus.close();
    }

    @Override
    String url() {
      return URL;
    }
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class Postgres extends Database {
    private PostgresServer server;

    @BeforeAll
    void start() throws Exception {
      server = PostgresServer.start("C");
      copyInto(server.url(), true);
      register(false);
    }

    @AfterAll
    void stop() throws Exception {
      if (locus != null) {
        locus.close();
      }
      if (server != null) {
        server.close();
      }
    }

    @Override
    String url() {
      return server.url();
    }
  }
}
