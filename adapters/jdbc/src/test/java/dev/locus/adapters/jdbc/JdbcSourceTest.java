package dev.locus.adapters.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.locus.core.batch.Batches;
import dev.locus.core.batch.Decimals;
import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.source.BatchReader;
import dev.locus.core.source.SourceSplit;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Field;
import dev.locus.core.type.Schema;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JdbcSourceTest {
  private static final String URL = "jdbc:h2:mem:shop;DB_CLOSE_DELAY=0";

  private final RootAllocator allocator = new RootAllocator();

  /** Keeps the in-memory database alive for the test. */
  private Connection keepAlive;

  @BeforeEach
  void createDatabase() throws SQLException {
    keepAlive = DriverManager.getConnection(URL);
    execute(
        """
        CREATE TABLE SALES (
          ID BIGINT NOT NULL PRIMARY KEY,
          QTY INTEGER,
          SMALL SMALLINT,
          TINY TINYINT,
          PRICE DECIMAL(10, 2),
          HUGE NUMERIC(40, 5),
          RATIO DOUBLE PRECISION,
          R REAL,
          NAME VARCHAR(20),
          CODE CHAR(3),
          NOTES CLOB,
          SOLD_ON DATE,
          SOLD_AT TIMESTAMP,
          OK BOOLEAN)
        """);
    execute(
        """
        INSERT INTO SALES VALUES
          (1, 5, -2, 7, 12.30, 123456789012345678901234567890.12345, 0.5, 1.5, 'apple', 'ab',
           'long text', DATE '2024-01-31', TIMESTAMP '2024-01-31 08:15:30.123456', TRUE),
          (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
          (3, -1, 32767, -128, -0.05, -1, -1E300, 0, 'Zürich ''q''', 'xyz', '',
           DATE '1969-12-31', TIMESTAMP '1960-06-01 00:00:00', FALSE)
        """);
  }

  @AfterEach
  void close() throws SQLException {
    keepAlive.close();
    allocator.close();
  }

  private void execute(String sql) throws SQLException {
    try (Statement statement = keepAlive.createStatement()) {
      statement.execute(sql);
    }
  }

  private List<List<Object>> readAll(JdbcSource source, List<Integer> columns, int batchSize) {
    List<List<Object>> rows = new ArrayList<>();
    for (SourceSplit split : source.splits(4)) {
      try (BatchReader reader = split.open(allocator, columns, batchSize)) {
        for (VectorSchemaRoot batch = reader.next(); batch != null; batch = reader.next()) {
          try (VectorSchemaRoot owned = batch) {
            rows.addAll(Batches.toRows(owned));
          }
        }
      }
    }
    return rows;
  }

  private static List<Integer> all(JdbcSource source) {
    return IntStream.range(0, source.schema().size()).boxed().toList();
  }

  private static List<Object> row(Object... values) {
    return Arrays.asList(values);
  }

  @Test
  void mapsColumnTypesFromTheMetadata() {
    JdbcSource source = JdbcSource.table(URL, "SALES");

    assertThat(source.schema())
        .isEqualTo(
            Schema.of(
                Field.notNull("ID", DataType.BIGINT),
                Field.nullable("QTY", DataType.INT),
                Field.nullable("SMALL", DataType.INT),
                Field.nullable("TINY", DataType.INT),
                Field.nullable("PRICE", DataType.decimal(10, 2)),
                Field.nullable("HUGE", DataType.decimal(38, 5)),
                Field.nullable("RATIO", DataType.DOUBLE),
                Field.nullable("R", DataType.DOUBLE),
                Field.nullable("NAME", DataType.VARCHAR),
                Field.nullable("CODE", DataType.VARCHAR),
                Field.nullable("NOTES", DataType.VARCHAR),
                Field.nullable("SOLD_ON", DataType.DATE),
                Field.nullable("SOLD_AT", DataType.TIMESTAMP),
                Field.nullable("OK", DataType.BOOLEAN)));
    assertThat(source.name()).isEqualTo("jdbc:h2:mem:shop/SALES");
    assertThat(source.splits(8)).hasSize(1);
    assertThat(source.splits(1).get(0).describe()).isEqualTo("jdbc:h2:mem:shop/SALES (all rows)");
  }

  @Test
  void readsEveryTypeAndNulls() {
    JdbcSource source = JdbcSource.table(URL, "SALES");

    assertThat(readAll(source, all(source), 2))
        .containsExactly(
            row(
                1L,
                5,
                -2,
                7,
                new BigDecimal("12.30"),
                new BigDecimal("123456789012345678901234567890.12345"),
                0.5,
                1.5,
                "apple",
                "ab ",
                "long text",
                LocalDate.of(2024, 1, 31),
                LocalDateTime.of(2024, 1, 31, 8, 15, 30, 123_456_000),
                true),
            row(2L, null, null, null, null, null, null, null, null, null, null, null, null, null),
            row(
                3L,
                -1,
                32767,
                -128,
                new BigDecimal("-0.05"),
                new BigDecimal("-1.00000"),
                -1e300,
                0.0,
                "Zürich 'q'",
                "xyz",
                "",
                LocalDate.of(1969, 12, 31),
                LocalDateTime.of(1960, 6, 1, 0, 0),
                false));
    assertThat(source.estimatedRows()).isEqualTo(3);
  }

  @Test
  void readsTheRequestedColumnsInOrderAndCountsRowsWithoutColumns() {
    JdbcSource source = JdbcSource.table(URL, "SALES");

    assertThat(readAll(source, List.of(8, 0), 10))
        .containsExactly(row("apple", 1L), row(null, 2L), row("Zürich 'q'", 3L));
    try (BatchReader reader = source.splits(1).get(0).open(allocator, List.of(), 10);
        VectorSchemaRoot batch = reader.next()) {
      assertThat(batch.getRowCount()).isEqualTo(3);
      assertThat(batch.getFieldVectors()).isEmpty();
      assertThat(reader.next()).isNull();
    }
  }

  @Test
  void aggregatesOverManyBatchesMatchTheDatabase() throws SQLException {
    execute("CREATE TABLE ITEMS (K INTEGER NOT NULL, AMOUNT DECIMAL(12, 2))");
    execute(
        "INSERT INTO ITEMS SELECT X, CASE WHEN MOD(X, 7) = 0 THEN NULL"
            + " ELSE CAST(X * 1.37 - 5000 AS DECIMAL(12, 2)) END FROM SYSTEM_RANGE(1, 25000)");
    BigDecimal expectedSum;
    long expectedNulls;
    try (Statement statement = keepAlive.createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT SUM(AMOUNT), COUNT(*) - COUNT(AMOUNT), SUM(K) FROM ITEMS")) {
      result.next();
      expectedSum = result.getBigDecimal(1);
      expectedNulls = result.getLong(2);
    }
    JdbcSource source = JdbcSource.table(URL, "items");

    long sum = 0;
    long nulls = 0;
    List<Integer> batchSizes = new ArrayList<>();
    try (BatchReader reader = source.splits(1).get(0).open(allocator, List.of(1, 0), 10_000)) {
      for (VectorSchemaRoot batch = reader.next(); batch != null; batch = reader.next()) {
        try (VectorSchemaRoot owned = batch) {
          batchSizes.add(owned.getRowCount());
          DecimalVector amounts = (DecimalVector) owned.getVector(0);
          IntVector keys = (IntVector) owned.getVector(1);
          for (int row = 0; row < owned.getRowCount(); row++) {
            assertThat(keys.isNull(row)).isFalse();
            if (amounts.isNull(row)) {
              nulls++;
            } else {
              sum += Decimals.getUnscaled(amounts, row);
            }
          }
        }
      }
    }

    assertThat(batchSizes).containsExactly(10_000, 10_000, 5_000);
    assertThat(BigDecimal.valueOf(sum, 2)).isEqualTo(expectedSum);
    assertThat(nulls).isEqualTo(expectedNulls).isPositive();
    assertThat(source.estimatedRows()).isEqualTo(25_000);
  }

  @Test
  void findsTablesCaseInsensitivelyAndQuotesIdentifiers() throws SQLException {
    execute("CREATE TABLE \"Order Items\" (\"id\" INTEGER, \"we\"\"ird\" VARCHAR(10))");
    execute("INSERT INTO \"Order Items\" VALUES (1, 'a'), (2, 'b')");
    execute("CREATE SCHEMA INVENTORY");
    execute("CREATE TABLE INVENTORY.STOCK (SKU VARCHAR(10))");
    execute("INSERT INTO INVENTORY.STOCK VALUES ('s-1')");

    JdbcSource sales = JdbcSource.table(URL, "sales");
    JdbcSource items = JdbcSource.table(URL, "ORDER ITEMS");
    JdbcSource stock = JdbcSource.table(URL, "inventory.stock");

    assertThat(sales.name()).isEqualTo("jdbc:h2:mem:shop/SALES");
    assertThat(items.name()).isEqualTo("jdbc:h2:mem:shop/Order Items");
    assertThat(items.schema().names()).containsExactly("id", "we\"ird");
    assertThat(items.qualifiedTableName()).isEqualTo("\"PUBLIC\".\"Order Items\"");
    assertThat(readAll(items, List.of(1, 0), 10)).containsExactly(row("a", 1), row("b", 2));
    assertThat(stock.name()).isEqualTo("jdbc:h2:mem:shop/INVENTORY.STOCK");
    assertThat(readAll(stock, List.of(0), 10)).containsExactly(row("s-1"));
  }

  @Test
  void reportsAnUnknownTableListingTheTables() throws SQLException {
    execute("CREATE TABLE CUSTOMERS (ID INTEGER)");
    execute("CREATE SCHEMA INVENTORY");
    execute("CREATE TABLE INVENTORY.STOCK (SKU VARCHAR(10))");

    assertThatThrownBy(() -> JdbcSource.table(URL, "orders"))
        .isInstanceOf(LocusException.class)
        .hasMessage(
            "Table 'orders' not found in jdbc:h2:mem:shop; available tables:"
                + " [CUSTOMERS, INVENTORY.STOCK, SALES]")
        .extracting(e -> ((LocusException) e).code())
        .isEqualTo(ErrorCode.INVALID_ARGUMENT);
  }

  @Test
  void reportsColumnsOfUnsupportedTypes() throws SQLException {
    execute("CREATE TABLE FILES (ID INTEGER, DATA VARBINARY(10))");

    assertThatThrownBy(() -> JdbcSource.table(URL, "FILES"))
        .isInstanceOf(LocusException.class)
        .hasMessage(
            "Column 'DATA' of jdbc:h2:mem:shop/FILES has SQL type BINARY VARYING (VARBINARY),"
                + " which Locus cannot read; supported: DECIMAL/NUMERIC, INTEGER/SMALLINT/TINYINT,"
                + " BIGINT, DOUBLE/FLOAT/REAL, CHAR/VARCHAR/CLOB (and N- and LONG- variants), DATE,"
                + " TIMESTAMP, BOOLEAN/BIT")
        .extracting(e -> ((LocusException) e).code())
        .isEqualTo(ErrorCode.NOT_SUPPORTED);
  }

  @Test
  void reportsAnUnreachableDatabase() {
    String url = "jdbc:h2:tcp://127.0.0.1:1/nowhere";

    LocusException failure =
        (LocusException)
            org.assertj.core.api.Assertions.catchThrowable(() -> JdbcSource.table(url, "SALES"));

    assertThat(failure.code()).isEqualTo(ErrorCode.SOURCE_UNAVAILABLE);
    assertThat(failure.getCause()).isInstanceOf(SQLException.class);
    assertThat(failure)
        .hasMessage("Cannot connect to " + url + ": " + failure.getCause().getMessage());
    assertThat(failure.getCause().getMessage()).contains("Connection refused");
  }

  @Test
  void reportsAUrlNoDriverUnderstands() {
    assertThatThrownBy(() -> JdbcSource.table("jdbc:nosuchdb://host/db?password=secret", "T"))
        .isInstanceOf(LocusException.class)
        .hasMessage(
            "Cannot connect to jdbc:nosuchdb://host/db: No suitable driver found for"
                + " jdbc:nosuchdb://host/db");
  }
}
