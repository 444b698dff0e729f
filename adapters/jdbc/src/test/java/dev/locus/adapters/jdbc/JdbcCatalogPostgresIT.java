package dev.locus.adapters.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.locus.core.api.Locus;
import dev.locus.core.catalog.Catalog;
import dev.locus.core.execution.ExecutorConfig;
import dev.locus.core.plan.LogicalPlan;
import dev.locus.core.plan.Scan;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Field;
import dev.locus.core.type.Schema;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link JdbcCatalog} over a real PostgreSQL server, which the test starts itself in a temporary
 * directory on a free port (as the {@code postgres} user when the test runs as root, which
 * PostgreSQL refuses). Skipped when the PostgreSQL 15 server binaries are not installed.
 */
class JdbcCatalogPostgresIT {
  private static PostgresServer server;
  private static String url;

  @BeforeAll
  static void startServer() throws Exception {
    server = PostgresServer.start("C");
    url = server.url();
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      statement.execute(
          """
          CREATE TABLE orders (
            id INT NOT NULL PRIMARY KEY,
            customer BIGINT,
            amount NUMERIC(12, 2),
            note VARCHAR(40),
            placed DATE,
            shipped TIMESTAMP,
            paid BOOLEAN,
            weight DOUBLE PRECISION)
          """);
      statement.execute(
          """
          INSERT INTO orders VALUES
            (1, 10, 123.40, 'first, "quoted"', DATE '1998-09-02',
             TIMESTAMP '1998-09-02 10:11:12', TRUE, 0.5),
            (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
            (3, 30, -0.05, '', DATE '1969-12-31', TIMESTAMP '1970-01-01 00:00:00.25', FALSE, -1E10)
          """);
      statement.execute(
          "CREATE VIEW big_orders AS SELECT id, amount FROM orders WHERE amount > 100");
      statement.execute("CREATE TABLE \"MixedCase\" (\"camelColumn\" INT)");
      statement.execute("INSERT INTO \"MixedCase\" VALUES (7)");
      statement.execute("CREATE SCHEMA archive");
      statement.execute("CREATE TABLE archive.orders (id INT, year_closed INT)");
      statement.execute("INSERT INTO archive.orders VALUES (100, 1997), (101, 1996)");
    }
  }

  @AfterAll
  static void stopServer() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void listsThePublicSchemaAndTheUserSchemasOnly() {
    JdbcCatalog catalog = JdbcCatalog.connect(url);

    assertThat(catalog.schemaName()).contains("public");
    assertThat(catalog.tableNames()).containsExactly("MixedCase", "big_orders", "orders");
    assertThat(catalog.schemaNames()).containsExactly("archive", "public");
    assertThat(catalog.schema("ARCHIVE").orElseThrow().tableNames()).containsExactly("orders");
  }

  @Test
  void readsTablesViewsAndOtherSchemasAsPostgresDoes() throws SQLException {
    JdbcCatalog catalog = JdbcCatalog.connect(url);
    Catalog archive = catalog.schema("archive").orElseThrow();
    Scan orders = (Scan) catalog.table("ORDERS").orElseThrow();

    assertThat(orders.source().schema())
        .isEqualTo(
            Schema.of(
                Field.notNull("id", DataType.INT),
                Field.nullable("customer", DataType.BIGINT),
                Field.nullable("amount", DataType.decimal(12, 2)),
                Field.nullable("note", DataType.VARCHAR),
                Field.nullable("placed", DataType.DATE),
                Field.nullable("shipped", DataType.TIMESTAMP),
                Field.nullable("paid", DataType.BOOLEAN),
                Field.nullable("weight", DataType.DOUBLE)));
    assertThat(read(orders)).isEqualTo(postgres("SELECT * FROM public.orders")).hasSize(3);
    assertThat(read(catalog.table("big_orders").orElseThrow()))
        .isEqualTo(postgres("SELECT * FROM public.big_orders"))
        .hasSize(1);
    assertThat(read(catalog.table("MixedCase").orElseThrow()))
        .isEqualTo(postgres("SELECT * FROM public.\"MixedCase\""));
    assertThat(read(archive.table("orders").orElseThrow()))
        .isEqualTo(postgres("SELECT * FROM archive.orders"))
        .hasSize(2);
  }

  private static List<List<Object>> read(LogicalPlan plan) {
    try (Locus locus = Locus.local(ExecutorConfig.defaults().withParallelism(2))) {
      return locus.execute(plan).rows();
    }
  }

  /** The oracle: PostgreSQL's own answer, as the Java classes Locus uses for each type. */
  private static List<List<Object>> postgres(String sql) throws SQLException {
    List<List<Object>> rows = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      int columns = result.getMetaData().getColumnCount();
      while (result.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
          Object value = result.getObject(i);
          if (value instanceof java.sql.Date) {
            value = result.getObject(i, LocalDate.class);
          } else if (value instanceof java.sql.Timestamp) {
            value = result.getObject(i, LocalDateTime.class);
          }
          row.add(value);
        }
        rows.add(row);
      }
    }
    return rows;
  }
}
