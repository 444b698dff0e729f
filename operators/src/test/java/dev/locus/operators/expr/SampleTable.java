package dev.locus.operators.expr;

import dev.locus.core.batch.Batches;
import dev.locus.core.expr.Constant;
import dev.locus.core.expr.Expressions;
import dev.locus.core.expr.FunctionCall;
import dev.locus.core.expr.InputRef;
import dev.locus.core.expr.RowExpression;
import dev.locus.core.expr.ScalarFunction;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Field;
import dev.locus.core.type.Schema;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A small table held both as an Arrow batch and as an H2 in-memory table, so that tests can check
 * Locus's results against H2 running the same computation in SQL. Row order is the {@code id}
 * column (the first).
 */
public final class SampleTable {
  private static final AtomicInteger DATABASES = new AtomicInteger();

  private final String name;
  private final Schema schema;
  private final List<List<Object>> rows;

  public SampleTable(String name, Schema schema, List<List<Object>> rows) {
    this.name = name;
    this.schema = schema;
    this.rows = rows;
  }

  /**
   * The main sample: NULLs, negative numbers, decimals of several scales, non-ASCII strings, dates
   * around month ends and leap days, and every pair of TRUE/FALSE/NULL booleans in f, g.
   */
  public static SampleTable standard() {
    Schema schema =
        Schema.of(
            Field.notNull("id", DataType.INT),
            Field.nullable("i", DataType.INT),
            Field.nullable("j", DataType.INT),
            Field.nullable("z", DataType.INT),
            Field.nullable("b", DataType.BIGINT),
            Field.nullable("d", DataType.DOUBLE),
            Field.nullable("p", DataType.decimal(10, 2)),
            Field.nullable("r", DataType.decimal(8, 3)),
            Field.nullable("q", DataType.decimal(6, 0)),
            Field.nullable("s", DataType.VARCHAR),
            Field.nullable("t", DataType.VARCHAR),
            Field.nullable("dt", DataType.DATE),
            Field.nullable("ts", DataType.TIMESTAMP),
            Field.nullable("f", DataType.BOOLEAN),
            Field.nullable("g", DataType.BOOLEAN));
    List<List<Object>> rows = new ArrayList<>();
    rows.add(
        row(
            1,
            5,
            2,
            0,
            10_000_000_000L,
            1.5,
            "12.34",
            "1.005",
            "7",
            "abc",
            "42",
            "2024-01-31",
            "2024-01-31T10:15:30",
            true,
            true));
    rows.add(
        row(
            2,
            -7,
            3,
            1,
            -5L,
            -2.25,
            "-0.05",
            "-3.333",
            "-12",
            "Ábc déf",
            "-17",
            "2023-02-28",
            "2023-02-28T23:59:59.5",
            true,
            false));
    rows.add(row(3, null, 4, 2, null, null, null, null, null, null, null, null, null, true, null));
    rows.add(
        row(
            4,
            0,
            -5,
            3,
            0L,
            0.0,
            "0.00",
            "0.000",
            "0",
            "",
            "  8 ",
            "2000-02-29",
            "2000-02-29T00:00",
            false,
            true));
    rows.add(
        row(
            5,
            2_147_483,
            null,
            4,
            123L,
            1e10,
            "99999999.99",
            "12345.678",
            "999999",
            "  trim me  ",
            "2024-03-15",
            "1999-12-31",
            "1999-12-31T12:00:00.000001",
            false,
            false));
    rows.add(
        row(
            6,
            -1,
            7,
            5,
            -9L,
            -0.5,
            "1.25",
            "2.500",
            "3",
            "naïve café",
            "3.75",
            "1970-01-01",
            "1969-12-31T23:00",
            false,
            null));
    rows.add(
        row(
            7,
            3,
            -2,
            6,
            7L,
            3.5,
            "-10.50",
            "-0.001",
            "-1",
            "abcabc",
            "xyz",
            "1969-07-20",
            "1969-07-20T20:17:40",
            null,
            true));
    rows.add(
        row(
            8,
            12,
            5,
            7,
            42L,
            2.5,
            "-7.77",
            "7.770",
            "2",
            "a_c",
            "2020-05-05",
            "2020-05-31",
            "2020-05-31T01:02:03.4",
            null,
            false));
    rows.add(
        row(9, null, null, 8, null, null, null, null, null, null, null, null, null, null, null));
    rows.add(
        row(
            10,
            100,
            9,
            9,
            -100L,
            1e-3,
            "0.99",
            "0.995",
            "5",
            "ABC",
            "100",
            "2024-12-31",
            "2024-12-31T23:59:59.999999",
            true,
            true));
    rows.add(
        row(
            11,
            -3,
            1,
            10,
            3L,
            -1.0,
            "-99.99",
            "100.000",
            "-4",
            "x%y",
            "-0",
            "2024-02-29",
            "2024-02-29T12:00",
            false,
            true));
    rows.add(
        row(
            12,
            1,
            -1,
            11,
            1L,
            0.1,
            "0.01",
            "0.010",
            "1",
            "日本語テキスト",
            "7",
            "2021-03-31",
            "2021-03-31T00:00",
            true,
            false));
    return new SampleTable("standard", schema, rows);
  }

  private static List<Object> row(Object... values) {
    // Typed values per column of the standard table (strings for decimals and dates).
    DataType[] types = {
      DataType.INT,
      DataType.INT,
      DataType.INT,
      DataType.INT,
      DataType.BIGINT,
      DataType.DOUBLE,
      DataType.decimal(10, 2),
      DataType.decimal(8, 3),
      DataType.decimal(6, 0),
      DataType.VARCHAR,
      DataType.VARCHAR,
      DataType.DATE,
      DataType.TIMESTAMP,
      DataType.BOOLEAN,
      DataType.BOOLEAN
    };
    List<Object> row = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      row.add(value(values[i], types[i]));
    }
    return row;
  }

  /** A Java value of a type, from a string for decimals, dates and timestamps. */
  static Object value(Object value, DataType type) {
    if (value == null) {
      return null;
    }
    return switch (type.kind()) {
      case DECIMAL ->
          new BigDecimal(value.toString()).setScale(type.scale(), RoundingMode.UNNECESSARY);
      case DATE -> LocalDate.parse(value.toString());
      case TIMESTAMP -> LocalDateTime.parse(value.toString());
      default -> value;
    };
  }

  public Schema schema() {
    return schema;
  }

  public List<List<Object>> rows() {
    return rows;
  }

  public VectorSchemaRoot batch(BufferAllocator allocator) {
    return Batches.fromRows(schema, rows, allocator);
  }

  /** A reference to a column by name. */
  public InputRef col(String column) {
    int index = schema.indexOf(column, "test");
    return new InputRef(index, schema.type(index));
  }

  public static Constant lit(Object value) {
    return new Constant(value, Expressions.typeOf(value));
  }

  public static Constant dec(String value) {
    BigDecimal decimal = new BigDecimal(value);
    return new Constant(
        decimal, DataType.decimal(Math.max(decimal.precision(), decimal.scale()), decimal.scale()));
  }

  public static FunctionCall call(ScalarFunction function, DataType type, RowExpression... args) {
    return new FunctionCall(function, Arrays.asList(args), type);
  }

  public static FunctionCall cast(RowExpression value, DataType type) {
    return call(ScalarFunction.CAST, type, value);
  }

  /** An H2 connection holding this table as {@code T}. */
  public Connection h2() throws SQLException {
    Connection connection =
        DriverManager.getConnection("jdbc:h2:mem:sample" + DATABASES.incrementAndGet());
    StringBuilder ddl = new StringBuilder("CREATE TABLE T (");
    for (int i = 0; i < schema.size(); i++) {
      Field field = schema.field(i);
      ddl.append(i == 0 ? "" : ", ").append(field.name()).append(' ').append(sqlType(field.type()));
    }
    try (Statement statement = connection.createStatement()) {
      statement.execute(ddl.append(")").toString());
    }
    String placeholders = String.join(", ", java.util.Collections.nCopies(schema.size(), "?"));
    try (PreparedStatement insert =
        connection.prepareStatement("INSERT INTO T VALUES (" + placeholders + ")")) {
      for (List<Object> row : rows) {
        for (int i = 0; i < row.size(); i++) {
          insert.setObject(i + 1, row.get(i));
        }
        insert.executeUpdate();
      }
    }
    return connection;
  }

  private static String sqlType(DataType type) {
    return switch (type.kind()) {
      case INT -> "INT";
      case DECIMAL -> "DECIMAL(" + type.precision() + ", " + type.scale() + ")";
      case DOUBLE -> "DOUBLE PRECISION";
      default -> type.kind().name();
    };
  }

  /** The values of one SQL expression over T, in id order, as Java values of {@code type}. */
  public static List<Object> query(Connection connection, String sql, DataType type)
      throws SQLException {
    List<Object> values = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SELECT " + sql + " FROM T ORDER BY id")) {
      while (result.next()) {
        values.add(normalize(fetch(result, type), type));
      }
    }
    return values;
  }

  private static Object fetch(ResultSet result, DataType type) throws SQLException {
    return switch (type.kind()) {
      case DATE -> result.getObject(1, LocalDate.class);
      case TIMESTAMP -> result.getObject(1, LocalDateTime.class);
      default -> result.getObject(1);
    };
  }

  /** A JDBC value as the Java value of a Locus type; decimals at the type's scale when exact. */
  static Object normalize(Object value, DataType type) {
    if (value == null) {
      return null;
    }
    return switch (type.kind()) {
      case INT -> ((Number) value).intValue();
      case BIGINT -> ((Number) value).longValue();
      case DOUBLE -> ((Number) value).doubleValue();
      case DECIMAL -> {
        BigDecimal decimal =
            value instanceof BigDecimal big ? big : new BigDecimal(value.toString());
        try {
          yield decimal.setScale(type.scale(), RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
          yield decimal;
        }
      }
      default -> value;
    };
  }
}
