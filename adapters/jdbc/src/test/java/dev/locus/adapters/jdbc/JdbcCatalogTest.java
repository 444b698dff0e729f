package dev.locus.adapters.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.locus.core.api.Locus;
import dev.locus.core.catalog.Catalog;
import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JdbcCatalogTest {
  private static final String URL = "jdbc:h2:mem:catalog;DB_CLOSE_DELAY=0";

  /** Keeps the in-memory database alive for the test. */
  private Connection keepAlive;

  @BeforeEach
  void createDatabase() throws SQLException {
    keepAlive = DriverManager.getConnection(URL);
    execute(
        """
        CREATE TABLE ORDERS (
          ID INT NOT NULL PRIMARY KEY,
          CUSTOMER BIGINT,
          AMOUNT DECIMAL(12, 2),
          NOTE VARCHAR(40),
          PLACED DATE,
          SHIPPED TIMESTAMP,
          PAID BOOLEAN,
          WEIGHT DOUBLE PRECISION)
        """);
    execute(
        """
        INSERT INTO ORDERS VALUES
          (1, 10, 123.40, 'first, "quoted"', DATE '1998-09-02', TIMESTAMP '1998-09-02 10:11:12',
           TRUE, 0.5),
          (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
          (3, 30, -0.05, '', DATE '1969-12-31', TIMESTAMP '1970-01-01 00:00:00.250', FALSE, -1E10)
        """);
    execute("CREATE VIEW BIG_ORDERS AS SELECT ID, AMOUNT FROM ORDERS WHERE AMOUNT > 100");
    execute("CREATE TABLE \"MixedCase\" (\"camelColumn\" INT, \"Other Name\" VARCHAR(10))");
    execute("INSERT INTO \"MixedCase\" VALUES (7, 'seven')");
    execute("CREATE SCHEMA ARCHIVE");
    // Same table name as in PUBLIC, other columns: reading it must not reach PUBLIC.ORDERS.
    execute("CREATE TABLE ARCHIVE.ORDERS (ID INT, YEAR_CLOSED INT)");
    execute("INSERT INTO ARCHIVE.ORDERS VALUES (100, 1997), (101, 1996)");
    execute("CREATE SCHEMA \"lower_case\"");
    execute("CREATE TABLE \"lower_case\".\"events\" (\"id\" BIGINT)");
  }

  @AfterEach
  void close() throws SQLException {
    keepAlive.close();
  }

  private void execute(String sql) throws SQLException {
    try (Statement statement = keepAlive.createStatement()) {
      statement.execute(sql);
    }
  }

  @Test
  void listsTheDefaultSchemasTablesAndViewsAndTheUserSchemasInStoredCase() {
    JdbcCatalog catalog = JdbcCatalog.connect(URL);

    assertThat(catalog.schemaName()).contains("PUBLIC");
    assertThat(catalog.tableNames()).containsExactly("BIG_ORDERS", "MixedCase", "ORDERS");
    assertThat(catalog.schemaNames()).containsExactly("ARCHIVE", "PUBLIC", "lower_case");
    assertThat(catalog.schema("ARCHIVE").orElseThrow().tableNames()).containsExactly("ORDERS");
    assertThat(catalog.schema("lower_case").orElseThrow().tableNames()).containsExactly("events");
    assertThat(catalog.schema("PUBLIC").orElseThrow().tableNames()).isEqualTo(catalog.tableNames());
    assertThat(catalog.schema("ARCHIVE").orElseThrow().schemaNames()).isEmpty();
  }

  @Test
  void mapsColumnTypesFromTheMetadata() {
    Scan scan = (Scan) JdbcCatalog.connect(URL).table("ORDERS").orElseThrow();

    assertThat(scan.source()).isInstanceOf(JdbcSource.class);
    assertThat(scan.source().name()).isEqualTo("jdbc:h2:mem:catalog/ORDERS");
    assertThat(scan.source().schema())
        .isEqualTo(
            Schema.of(
                Field.notNull("ID", DataType.INT),
                Field.nullable("CUSTOMER", DataType.BIGINT),
                Field.nullable("AMOUNT", DataType.decimal(12, 2)),
                Field.nullable("NOTE", DataType.VARCHAR),
                Field.nullable("PLACED", DataType.DATE),
                Field.nullable("SHIPPED", DataType.TIMESTAMP),
                Field.nullable("PAID", DataType.BOOLEAN),
                Field.nullable("WEIGHT", DataType.DOUBLE)));
  }

  @Test
  void readsEveryTableAsTheDatabaseDoes() throws SQLException {
    JdbcCatalog catalog = JdbcCatalog.connect(URL);
    Catalog archive = catalog.schema("ARCHIVE").orElseThrow();
    Catalog lowerCase = catalog.schema("lower_case").orElseThrow();

    assertThat(read(catalog.table("ORDERS").orElseThrow()))
        .isEqualTo(h2("SELECT * FROM PUBLIC.ORDERS"))
        .hasSize(3);
    assertThat(read(catalog.table("BIG_ORDERS").orElseThrow()))
        .isEqualTo(h2("SELECT * FROM PUBLIC.BIG_ORDERS"))
        .hasSize(1);
    assertThat(read(catalog.table("MixedCase").orElseThrow()))
        .isEqualTo(h2("SELECT * FROM PUBLIC.\"MixedCase\""))
        .hasSize(1);
    assertThat(read(archive.table("ORDERS").orElseThrow()))
        .isEqualTo(h2("SELECT * FROM ARCHIVE.ORDERS"))
        .hasSize(2);
    assertThat(read(lowerCase.table("events").orElseThrow())).isEmpty();
    assertThat(((Scan) archive.table("ORDERS").orElseThrow()).source().name())
        .isEqualTo("jdbc:h2:mem:catalog/ARCHIVE.ORDERS");
  }

  @Test
  void findsNamesIgnoringCaseWhenOnlyOneMatches() throws SQLException {
    JdbcCatalog catalog = JdbcCatalog.connect(URL);

    assertThat(catalog.table("orders")).isEqualTo(catalog.table("ORDERS"));
    assertThat(catalog.table("MIXEDCASE")).isEqualTo(catalog.table("MixedCase"));
    assertThat(catalog.schema("archive").orElseThrow().tableNames()).containsExactly("ORDERS");

    execute("CREATE TABLE \"orders\" (X INT)");
    JdbcCatalog fresh = JdbcCatalog.connect(URL);
    assertThat(fresh.table("Orders")).isEmpty();
    assertThat(((Scan) fresh.table("orders").orElseThrow()).source().schema().names())
        .containsExactly("X");
  }

  @Test
  void answersEmptyForUnknownNames() {
    JdbcCatalog catalog = JdbcCatalog.connect(URL);

    assertThat(catalog.table("NO_SUCH_TABLE")).isEmpty();
    assertThat(catalog.table("ORDERS.ID")).isEmpty();
    assertThat(catalog.schema("NO_SUCH_SCHEMA")).isEmpty();
    assertThat(catalog.schema("INFORMATION_SCHEMA")).isEmpty();
    assertThat(catalog.schema("ARCHIVE").orElseThrow().schema("PUBLIC")).isEmpty();
  }

  @Test
  void readsTheMetadataOnceOnFirstUse() throws SQLException {
    JdbcCatalog catalog = JdbcCatalog.connect(URL);
    LogicalPlan first = catalog.table("ORDERS").orElseThrow();

    execute("CREATE TABLE LATER (X INT)");
    execute("ALTER TABLE ORDERS ADD COLUMN EXTRA INT");

    assertThat(catalog.tableNames()).doesNotContain("LATER");
    assertThat(((Scan) catalog.table("ORDERS").orElseThrow()).source())
        .isSameAs(((Scan) first).source());
    assertThat(JdbcCatalog.connect(URL).tableNames()).contains("LATER");
  }

  @Test
  void connectsLazilyAndNamesTheUrlWithoutItsPasswordWhenTheDatabaseIsUnreachable() {
    String url = "jdbc:h2:tcp://127.0.0.1:1/nowhere;USER=sa;PASSWORD=secret";
    JdbcCatalog catalog = JdbcCatalog.connect(url);

    LocusException failure = catchThrowableOfType(LocusException.class, catalog::tableNames);

    assertThat(failure.code()).isEqualTo(ErrorCode.SOURCE_UNAVAILABLE);
    assertThat(failure.getCause()).isInstanceOf(SQLException.class);
    String driverMessage = driverMessage(url);
    assertThat(failure)
        .hasMessage("Cannot connect to jdbc:h2:tcp://127.0.0.1:1/nowhere: " + driverMessage);
    assertThat(driverMessage).contains("Connection refused");
    assertThat(failure.getMessage()).doesNotContain("secret");
    assertThat(catchThrowableOfType(LocusException.class, catalog::schemaNames))
        .hasMessage(failure.getMessage());
  }

  @Test
  void hidesTheUserInfoOfAUrl() {
    assertThat(JdbcSource.displayUrl("jdbc:mysql://me:secret@db.example:3306/shop?ssl=true"))
        .isEqualTo("jdbc:mysql://db.example:3306/shop");
    assertThat(JdbcSource.displayUrl("jdbc:postgresql://host:5432/db?password=secret"))
        .isEqualTo("jdbc:postgresql://host:5432/db");
    assertThat(JdbcSource.displayUrl("jdbc:h2:mem:x;PASSWORD=secret")).isEqualTo("jdbc:h2:mem:x");
  }

  @Test
  void readsWithCredentials() throws SQLException {
    execute("CREATE USER READER PASSWORD 'pw' ADMIN");
    JdbcCatalog catalog = JdbcCatalog.connect("jdbc:h2:mem:catalog", "READER", "pw");

    assertThat(catalog.tableNames()).contains("ORDERS");
    assertThat(read(catalog.table("ORDERS").orElseThrow())).hasSize(3);
  }

  private static String driverMessage(String url) {
    try (Connection ignored = DriverManager.getConnection(url)) {
      throw new AssertionError("connected to " + url);
    } catch (SQLException e) {
      return e.getMessage();
    }
  }

  private static List<List<Object>> read(LogicalPlan plan) {
    try (Locus locus = Locus.local(ExecutorConfig.defaults().withParallelism(2))) {
      return locus.execute(plan).rows();
    }
  }

  /** The oracle: H2's own answer, as the Java classes Locus uses for each type. */
  private List<List<Object>> h2(String sql) throws SQLException {
    List<List<Object>> rows = new ArrayList<>();
    try (Statement statement = keepAlive.createStatement();
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
          } else if (value instanceof Short || value instanceof Byte) {
            value = ((Number) value).intValue();
          }
          row.add(value);
        }
        rows.add(row);
      }
    }
    return rows;
  }
}
