package dev.locus.scheduler.tpch;

import static java.util.Objects.requireNonNull;

import dev.locus.core.type.DataType;
import dev.locus.core.type.Field;
import dev.locus.core.type.Schema;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * An in-memory DuckDB used as the oracle: tables loaded with exact types through DuckDB's appender,
 * queries answered as rows of Java values (DATE as {@link LocalDate}, DECIMAL as {@link
 * BigDecimal}, integers as their JDBC classes, DOUBLE as {@link Double}).
 */
final class DuckDb implements AutoCloseable {
  private final DuckDBConnection connection;

  private DuckDb(DuckDBConnection connection) {
    this.connection = connection;
  }

  static DuckDb inMemory() throws SQLException {
    Connection connection = DriverManager.getConnection("jdbc:duckdb:");
    return new DuckDb(connection.unwrap(DuckDBConnection.class));
  }

  /** The rows of a query, with the result's column names. */
  record Result(List<String> names, List<List<Object>> rows) {}

  /** Creates {@code table} with the schema's exact types and appends the rows. */
  void load(String table, Schema schema, List<? extends List<?>> rows) throws SQLException {
    StringBuilder ddl = new StringBuilder("CREATE TABLE ").append(table).append(" (");
    for (int i = 0; i < schema.size(); i++) {
      Field field = schema.field(i);
      ddl.append(i == 0 ? "" : ", ")
          .append(field.name())
          .append(' ')
          .append(sqlType(field.type()))
          .append(field.nullable() ? "" : " NOT NULL");
    }
    try (Statement statement = connection.createStatement()) {
      statement.execute(ddl.append(')').toString());
    }
    try (DuckDBAppender appender =
        connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, table)) {
      for (List<?> row : rows) {
        appender.beginRow();
        for (int i = 0; i < schema.size(); i++) {
          append(appender, schema.type(i), row.get(i));
        }
        appender.endRow();
      }
    }
  }

  private static void append(DuckDBAppender appender, DataType type, Object value)
      throws SQLException {
    if (value == null) {
      appender.appendNull();
      return;
    }
    switch (type.kind()) {
      case BOOLEAN -> appender.append((boolean) (Boolean) value);
      case INT -> appender.append((int) (Integer) value);
      case BIGINT -> appender.append((long) (Long) value);
      case DOUBLE -> appender.append((double) (Double) value);
      case DECIMAL -> appender.append((BigDecimal) value);
      case VARCHAR -> appender.append((String) value);
      case DATE -> appender.append((LocalDate) value);
      default -> throw new IllegalArgumentException("No DuckDB loading for " + type);
    }
  }

  private static String sqlType(DataType type) {
    return switch (type.kind()) {
      case BOOLEAN -> "BOOLEAN";
      case INT -> "INTEGER";
      case BIGINT -> "BIGINT";
      case DOUBLE -> "DOUBLE";
      case DECIMAL -> "DECIMAL(" + type.precision() + ", " + type.scale() + ")";
      case VARCHAR -> "VARCHAR";
      case DATE -> "DATE";
      case TIMESTAMP -> "TIMESTAMP";
      case OBJECT -> throw new IllegalArgumentException("No SQL type for " + type);
    };
  }

  Result query(String sql) throws SQLException {
    requireNonNull(sql, "sql is null");
    try (Statement statement = connection.createStatement();
        ResultSet resultSet = statement.executeQuery(sql)) {
      ResultSetMetaData metaData = resultSet.getMetaData();
      List<String> names = new ArrayList<>();
      for (int i = 1; i <= metaData.getColumnCount(); i++) {
        names.add(metaData.getColumnLabel(i));
      }
      List<List<Object>> rows = new ArrayList<>();
      while (resultSet.next()) {
        List<Object> row = new ArrayList<>(names.size());
        for (int i = 1; i <= names.size(); i++) {
          Object value = resultSet.getObject(i);
          if (value instanceof java.sql.Date date) {
            value = date.toLocalDate();
          }
          row.add(value);
        }
        rows.add(row);
      }
      return new Result(names, rows);
    }
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
