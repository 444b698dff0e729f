package dev.locus.sql;

import static org.assertj.core.api.Assertions.fail;

import dev.locus.core.api.Locus;
import dev.locus.core.api.Row;
import dev.locus.core.api.Table;
import dev.locus.core.execution.ExecutorConfig;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Field;
import dev.locus.core.type.Schema;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The same small tables with tricky data in Locus and in H2 (in memory), and a comparison of the
 * rows of one SQL query run on both. H2 is the independent oracle; for FULL OUTER JOIN, which H2
 * does not have, DuckDB (in memory, loaded with the same rows) is.
 *
 * <p>Tables:
 *
 * <ul>
 *   <li>{@code emp(id, dept, name, salary, score, hired, active)}: NULLs in every nullable column,
 *       duplicate departments, an empty name, names with spaces, {@code %} and {@code _}, zero and
 *       negative money, dates at month ends and on leap days.
 *   <li>{@code dept(dept_id, dname, budget, lvl)}: a duplicate key (10), a NULL key, a key no
 *       employee has (50), an empty name.
 *   <li>{@code pa(x, y, v)} and {@code pb(x, y, w)}: two-column keys with NULLs and duplicates.
 *   <li>{@code nums(g, d, i, b, x, txt)}: groups with NULL keys; DECIMAL(12,2) 1.00, 2.00, 2.00 in
 *       group 'a'; integers, BIGINTs and doubles with NULLs, zero and negatives; digits as text.
 *   <li>{@code days(id, d, ts)}: dates across month and year ends, leap days, a NULL.
 *   <li>{@code ledger(id, amount)}: 2,000 DECIMAL(12,2) amounts (random cents) whose sums must be
 *       exact.
 *   <li>{@code empty_t(k, v, s)}: no rows.
 * </ul>
 */
final class SqlOracle implements AutoCloseable {
  static final Schema EMP =
      Schema.of(
          Field.notNull("id", DataType.INT),
          Field.nullable("dept", DataType.INT),
          Field.nullable("name", DataType.VARCHAR),
          Field.nullable("salary", DataType.decimal(12, 2)),
          Field.nullable("score", DataType.DOUBLE),
          Field.nullable("hired", DataType.DATE),
          Field.nullable("active", DataType.BOOLEAN));
  static final List<List<Object>> EMP_ROWS =
      List.of(
          row(1, 10, "Alice", money("1000.00"), 1.5, date("2024-01-31"), true),
          row(2, 10, "bob", money("2000.50"), -2.25, date("2024-02-29"), false),
          row(3, 20, "", money("0.00"), 0.0, date("2023-12-31"), true),
          row(4, 20, null, money("-150.75"), null, date("2024-03-01"), null),
          row(5, null, "Eve", money("300.10"), 3.0, null, true),
          row(6, 30, "alice", null, 2.5, date("2023-02-28"), false),
          row(7, 10, "Bob ", money("2000.50"), 1.5, date("2024-12-31"), true),
          row(8, null, " Carol ", money("0.01"), -0.5, date("2024-04-30"), null),
          row(9, 40, "Dan%", money("999999.99"), 100.0, date("2022-01-01"), false),
          row(10, 20, "a_b", money("0.10"), 0.1, date("2024-01-01"), true));

  static final Schema DEPT =
      Schema.of(
          Field.nullable("dept_id", DataType.INT),
          Field.nullable("dname", DataType.VARCHAR),
          Field.nullable("budget", DataType.decimal(12, 2)),
          Field.nullable("lvl", DataType.INT));
  static final List<List<Object>> DEPT_ROWS =
      List.of(
          row(10, "Sales", money("5000.00"), 1),
          row(10, "Sales West", money("2500.00"), 2),
          row(20, "Eng", money("10000.00"), 3),
          row(null, "Unassigned", money("0.00"), null),
          row(50, "Empty", money("-1.00"), 1),
          row(30, "", null, 2));

  static final Schema PA =
      Schema.of(
          Field.nullable("x", DataType.INT),
          Field.nullable("y", DataType.INT),
          Field.nullable("v", DataType.VARCHAR));
  static final List<List<Object>> PA_ROWS =
      List.of(
          row(1, 1, "a11"),
          row(1, 2, "a12"),
          row(2, 1, "a21"),
          row(null, 1, "an1"),
          row(1, null, "a1n"),
          row(3, 3, "a33"),
          row(1, 1, "a11dup"));

  static final Schema PB =
      Schema.of(
          Field.nullable("x", DataType.INT),
          Field.nullable("y", DataType.INT),
          Field.nullable("w", DataType.VARCHAR));
  static final List<List<Object>> PB_ROWS =
      List.of(
          row(1, 1, "b11"),
          row(1, 2, "b12"),
          row(2, 2, "b22"),
          row(null, 1, "bn1"),
          row(1, null, "b1n"),
          row(4, 4, "b44"),
          row(1, 3, "b13"));

  static final Schema NUMS =
      Schema.of(
          Field.nullable("g", DataType.VARCHAR),
          Field.nullable("d", DataType.decimal(12, 2)),
          Field.nullable("i", DataType.INT),
          Field.nullable("b", DataType.BIGINT),
          Field.nullable("x", DataType.DOUBLE),
          Field.nullable("txt", DataType.VARCHAR));
  static final List<List<Object>> NUMS_ROWS =
      List.of(
          row("a", money("1.00"), 1, 10L, 0.1, "1"),
          row("a", money("2.00"), 2, null, 0.2, "-2"),
          row("a", money("2.00"), null, 30L, 0.3, "007"),
          row("b", null, 5, 40L, null, null),
          row("b", money("0.01"), -3, -50L, 1e10, "3"),
          row("c", null, null, null, null, "0"),
          row(null, money("3.33"), 7, 70L, -0.7, "10"),
          row(null, money("-0.07"), 0, 0L, 0.0, "5"));

  static final Schema DAYS =
      Schema.of(
          Field.notNull("id", DataType.INT),
          Field.nullable("d", DataType.DATE),
          Field.nullable("ts", DataType.TIMESTAMP));
  static final List<List<Object>> DAYS_ROWS =
      List.of(
          row(1, date("2024-01-31"), LocalDateTime.parse("2024-01-31T23:59:59")),
          row(2, date("2024-02-29"), LocalDateTime.parse("2024-02-29T00:00:00")),
          row(3, date("2023-01-31"), LocalDateTime.parse("2023-01-31T12:30:00.123456")),
          row(4, date("2024-12-31"), LocalDateTime.parse("2024-12-31T23:59:59.999999")),
          row(5, date("2023-03-31"), null),
          row(6, date("2024-03-31"), LocalDateTime.parse("2024-03-31T01:00:00")),
          row(7, null, LocalDateTime.parse("1999-12-31T23:59:59")),
          row(8, date("2000-02-29"), LocalDateTime.parse("2000-02-29T06:00:00")));

  static final Schema LEDGER =
      Schema.of(
          Field.notNull("id", DataType.INT),
          Field.notNull("acct", DataType.INT),
          Field.notNull("amount", DataType.decimal(12, 2)));
  static final List<List<Object>> LEDGER_ROWS = ledgerRows();

  static final Schema EMPTY =
      Schema.of(
          Field.nullable("k", DataType.INT),
          Field.nullable("v", DataType.decimal(12, 2)),
          Field.nullable("s", DataType.VARCHAR));

  private final Locus locus;
  private final Connection h2;
  private final Connection duckDb;

  private SqlOracle(Locus locus, Connection h2, Connection duckDb) {
    this.locus = locus;
    this.h2 = h2;
    this.duckDb = duckDb;
  }

  /** Both engines with all tables loaded. */
  static SqlOracle create() {
    try {
      // Several partitions even on a small machine, so exchanges and merges are exercised.
      Locus locus = Locus.local(ExecutorConfig.defaults().withParallelism(3));
      Connection h2 = DriverManager.getConnection("jdbc:h2:mem:");
      Connection duckDb = DriverManager.getConnection("jdbc:duckdb:");
      SqlOracle oracle = new SqlOracle(locus, h2, duckDb);
      oracle.load("emp", EMP, EMP_ROWS);
      oracle.load("dept", DEPT, DEPT_ROWS);
      oracle.load("pa", PA, PA_ROWS);
      oracle.load("pb", PB, PB_ROWS);
      oracle.load("nums", NUMS, NUMS_ROWS);
      oracle.load("days", DAYS, DAYS_ROWS);
      oracle.load("ledger", LEDGER, LEDGER_ROWS);
      oracle.load("empty_t", EMPTY, List.of());
      return oracle;
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot open H2 or DuckDB", e);
    }
  }

  Locus locus() {
    return locus;
  }

  /** Creates the table in H2 and DuckDB and registers the same rows in Locus under the name. */
  void load(String name, Schema schema, List<List<Object>> rows) {
    locus.register(name, locus.values(schema, rows));
    load(h2, false, name, schema, rows);
    load(duckDb, true, name, schema, rows);
  }

  private static void load(
      Connection connection, boolean duckDb, String name, Schema schema, List<List<Object>> rows) {
    StringBuilder create = new StringBuilder("CREATE TABLE " + name + " (");
    StringBuilder insert = new StringBuilder("INSERT INTO " + name + " VALUES (");
    for (int i = 0; i < schema.size(); i++) {
      Field field = schema.field(i);
      create
          .append(i > 0 ? ", " : "")
          .append(field.name())
          .append(' ')
          .append(sqlType(field, duckDb));
      insert.append(i > 0 ? ", ?" : "?");
    }
    try (Statement statement = connection.createStatement()) {
      statement.execute(create.append(')').toString());
      try (PreparedStatement prepared =
          connection.prepareStatement(insert.append(')').toString())) {
        for (List<Object> row : rows) {
          for (int i = 0; i < row.size(); i++) {
            prepared.setObject(i + 1, row.get(i));
          }
          prepared.addBatch();
        }
        prepared.executeBatch();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot load " + name + " into the oracle", e);
    }
  }

  /** Runs a statement in H2 only (for views the Locus side registers itself). */
  void h2Execute(String sql) {
    try (Statement statement = h2.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("H2 failed: " + sql, e);
    }
  }

  private static String sqlType(Field field, boolean duckDb) {
    DataType type = field.type();
    String sqlType =
        switch (type.kind()) {
          case BOOLEAN -> "BOOLEAN";
          case INT -> "INTEGER";
          case BIGINT -> "BIGINT";
          case DOUBLE -> duckDb ? "DOUBLE" : "DOUBLE PRECISION";
          case DECIMAL -> "NUMERIC(" + type.precision() + ", " + type.scale() + ")";
          case VARCHAR -> "VARCHAR";
          case DATE -> "DATE";
          case TIMESTAMP -> duckDb ? "TIMESTAMP" : "TIMESTAMP(6)";
          case OBJECT -> throw new IllegalArgumentException("No SQL type for OBJECT");
        };
    return field.nullable() ? sqlType : sqlType + " NOT NULL";
  }

  /** The rows H2 returns, with values normalized for comparison. */
  List<List<Object>> h2Rows(String sql) {
    return oracleRows(h2, sql);
  }

  /** The rows DuckDB returns, with values normalized for comparison. */
  List<List<Object>> duckDbRows(String sql) {
    return oracleRows(duckDb, sql);
  }

  private static List<List<Object>> oracleRows(Connection connection, String sql) {
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      ResultSetMetaData meta = result.getMetaData();
      int columns = meta.getColumnCount();
      List<List<Object>> rows = new ArrayList<>();
      while (result.next()) {
        List<Object> row = new ArrayList<>(columns);
        for (int i = 1; i <= columns; i++) {
          Object value =
              switch (meta.getColumnType(i)) {
                case Types.DATE -> result.getObject(i, LocalDate.class);
                case Types.TIMESTAMP -> result.getObject(i, LocalDateTime.class);
                default -> result.getObject(i);
              };
          row.add(normalize(value));
        }
        rows.add(row);
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException("The oracle failed on: " + sql, e);
    }
  }

  /** The rows Locus returns for a SQL query, with values normalized for comparison. */
  List<List<Object>> locusRows(String sql) {
    return rowsOf(locus.sql(sql));
  }

  static List<List<Object>> rowsOf(Table table) {
    List<List<Object>> rows = new ArrayList<>();
    for (Row row : table.collect()) {
      List<Object> values = new ArrayList<>(row.values().size());
      for (Object value : row.values()) {
        values.add(normalize(value));
      }
      rows.add(values);
    }
    return rows;
  }

  /** Runs the query on both; rows must match (in order when the query says ORDER BY). */
  void assertSameAsH2(String sql) {
    assertSameAsH2(sql, 0);
  }

  /**
   * As {@link #assertSameAsH2(String)}; decimals may differ by {@code decimalTolerance} relative
   * (for results whose scale the engines choose differently, such as AVG of a DECIMAL).
   */
  void assertSameAsH2(String sql, double decimalTolerance) {
    assertSame(sql, h2Rows(sql), locusRows(sql), isOrdered(sql), decimalTolerance);
  }

  /** Runs the query in DuckDB and Locus (for FULL OUTER JOIN, which H2 lacks); rows must match. */
  void assertSameAsDuckDb(String sql) {
    assertSame(sql, duckDbRows(sql), locusRows(sql), isOrdered(sql), 0);
  }

  /** Compares Locus's rows of a table with H2's rows of an equivalent query. */
  void assertSameAsH2(Table locusTable, String h2Sql) {
    assertSame(h2Sql, h2Rows(h2Sql), rowsOf(locusTable), isOrdered(h2Sql), 0);
  }

  /** Whether the query orders its result: an ORDER BY outside all parentheses. */
  static boolean isOrdered(String sql) {
    String text = sql.toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
    int depth = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (depth == 0 && text.startsWith("ORDER BY", i)) {
        return true;
      }
    }
    return false;
  }

  static void assertSame(
      String sql,
      List<List<Object>> expected,
      List<List<Object>> actual,
      boolean ordered,
      double decimalTolerance) {
    String report =
        "\nQuery: "
            + sql
            + "\nOracle (expected), "
            + expected.size()
            + " rows:\n"
            + format(expected, ordered)
            + "\nLocus (actual), "
            + actual.size()
            + " rows:\n"
            + format(actual, ordered);
    if (expected.size() != actual.size()) {
      fail("Row counts differ" + report);
    }
    if (ordered) {
      for (int i = 0; i < expected.size(); i++) {
        if (!rowsMatch(expected.get(i), actual.get(i), decimalTolerance)) {
          fail("Row " + i + " differs" + report);
        }
      }
      return;
    }
    // Multiset comparison: each expected row takes one matching actual row.
    boolean[] used = new boolean[actual.size()];
    for (List<Object> want : expected) {
      boolean found = false;
      for (int j = 0; j < actual.size() && !found; j++) {
        if (!used[j] && rowsMatch(want, actual.get(j), decimalTolerance)) {
          used[j] = true;
          found = true;
        }
      }
      if (!found) {
        fail("Row " + want + " of the oracle has no match in Locus" + report);
      }
    }
  }

  private static String format(List<List<Object>> rows, boolean ordered) {
    List<String> lines = new ArrayList<>();
    for (List<Object> row : rows) {
      lines.add("  " + row);
    }
    if (!ordered) {
      lines.sort(Comparator.naturalOrder());
    }
    return String.join("\n", lines);
  }

  static boolean rowsMatch(List<Object> expected, List<Object> actual, double decimalTolerance) {
    if (expected.size() != actual.size()) {
      return false;
    }
    for (int i = 0; i < expected.size(); i++) {
      if (!valuesMatch(expected.get(i), actual.get(i), decimalTolerance)) {
        return false;
      }
    }
    return true;
  }

  static boolean valuesMatch(Object expected, Object actual, double decimalTolerance) {
    if (expected == null || actual == null) {
      return expected == null && actual == null;
    }
    if (expected instanceof Double || actual instanceof Double) {
      if (!(expected instanceof Number a) || !(actual instanceof Number b)) {
        return false;
      }
      return close(a.doubleValue(), b.doubleValue(), 1e-9);
    }
    if (expected instanceof BigDecimal a && actual instanceof BigDecimal b) {
      return a.compareTo(b) == 0
          || (decimalTolerance > 0 && close(a.doubleValue(), b.doubleValue(), decimalTolerance));
    }
    return expected.equals(actual);
  }

  private static boolean close(double a, double b, double relative) {
    if (Double.isNaN(a) || Double.isNaN(b)) {
      return Double.isNaN(a) && Double.isNaN(b);
    }
    return Math.abs(a - b) <= relative * Math.max(1.0, Math.max(Math.abs(a), Math.abs(b)));
  }

  /** Exact numbers become BigDecimal, floats Double; dates and times their java.time classes. */
  static Object normalize(Object value) {
    if (value instanceof Integer
        || value instanceof Long
        || value instanceof Short
        || value instanceof Byte) {
      return BigDecimal.valueOf(((Number) value).longValue());
    }
    if (value instanceof BigInteger big) {
      return new BigDecimal(big);
    }
    if (value instanceof Float f) {
      return f.doubleValue();
    }
    if (value instanceof java.sql.Date date) {
      return date.toLocalDate();
    }
    if (value instanceof java.sql.Timestamp timestamp) {
      return timestamp.toLocalDateTime();
    }
    return value;
  }

  @Override
  public void close() {
    try (locus;
        h2;
        duckDb) {
      // Closes all three, Locus last.
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot close the oracles", e);
    }
  }

  static List<Object> row(Object... values) {
    return Arrays.asList(values);
  }

  static BigDecimal money(String value) {
    return new BigDecimal(value);
  }

  static LocalDate date(String value) {
    return LocalDate.parse(value);
  }

  private static List<List<Object>> ledgerRows() {
    Random random = new Random(42);
    List<List<Object>> rows = new ArrayList<>();
    for (int id = 0; id < 2000; id++) {
      // Amounts from -500.00 to 9,999.99 in cents: sums in binary floating point would drift.
      long cents = random.nextInt(1_050_000) - 50_000;
      rows.add(row(id, id % 7, BigDecimal.valueOf(cents, 2)));
    }
    return rows;
  }
}
