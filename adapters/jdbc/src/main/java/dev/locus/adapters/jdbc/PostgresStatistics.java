package dev.locus.adapters.jdbc;

import dev.locus.core.source.TableStatistics;
import dev.locus.core.source.TableStatistics.ColumnSummary;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Schema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A PostgreSQL table's statistics as {@code ANALYZE} left them in the catalog: rows from {@code
 * pg_class.reltuples}, and per column from {@code pg_stats} the distinct count ({@code n_distinct},
 * a count when positive, minus a share of the rows when negative), {@code null_frac}, and the range
 * spanned by {@code most_common_vals} and {@code histogram_bounds} (numbers, dates, timestamps).
 */
final class PostgresStatistics {
  private static final String ROWS_SQL =
      "SELECT c.reltuples FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
          + " WHERE c.relname = ? AND n.nspname = ? AND c.relkind IN ('r', 'p', 'm')";
  // Rows of the table itself (inherited = false) sort before those over its inheritance tree.
  private static final String COLUMNS_SQL =
      "SELECT attname, null_frac, n_distinct, CAST(most_common_vals AS TEXT),"
          + " CAST(histogram_bounds AS TEXT) FROM pg_stats"
          + " WHERE schemaname = ? AND tablename = ? ORDER BY inherited";

  private PostgresStatistics() {}

  /**
   * The statistics of {@code schemaName.table}, or empty when it has never been analyzed ({@code
   * reltuples} is -1 from PostgreSQL 14 on; 0 with no column statistics before).
   */
  static Optional<TableStatistics> read(
      Connection connection,
      String schemaName,
      String table,
      List<String> columnNames,
      Schema schema)
      throws SQLException {
    double rows;
    try (PreparedStatement statement = connection.prepareStatement(ROWS_SQL)) {
      statement.setString(1, table);
      statement.setString(2, schemaName);
      try (ResultSet result = statement.executeQuery()) {
        if (!result.next()) {
          return Optional.empty();
        }
        rows = result.getDouble(1);
      }
    }
    if (rows < 0) {
      return Optional.empty();
    }
    Map<String, ColumnSummary> byName = new HashMap<>();
    try (PreparedStatement statement = connection.prepareStatement(COLUMNS_SQL)) {
      statement.setString(1, schemaName);
      statement.setString(2, table);
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          String name = result.getString(1);
          int index = columnNames.indexOf(name);
          if (index < 0 || byName.containsKey(name)) {
            continue;
          }
          double nullFraction = result.getDouble(2);
          double distinct = result.getDouble(3);
          distinct = distinct < 0 ? -distinct * rows : distinct;
          DataType type = schema.field(index).type();
          double[] range = {Double.NaN, Double.NaN};
          widen(range, result.getString(4), type);
          widen(range, result.getString(5), type);
          byName.put(
              name,
              new ColumnSummary(
                  distinct, Math.min(1, Math.max(0, nullFraction)), range[0], range[1]));
        }
      }
    }
    if (rows == 0 && byName.isEmpty()) {
      return Optional.empty();
    }
    List<ColumnSummary> columns = new ArrayList<>();
    for (String name : columnNames) {
      columns.add(byName.getOrDefault(name, ColumnSummary.UNKNOWN));
    }
    return Optional.of(new TableStatistics(rows, columns));
  }

  /** Widens {@code range} ({min, max}) by the values of a PostgreSQL array's text form. */
  private static void widen(double[] range, String array, DataType type) {
    if (array == null) {
      return;
    }
    for (String element : elements(array)) {
      double value = numeric(element, type);
      if (Double.isNaN(value) || Double.isInfinite(value)) {
        continue;
      }
      range[0] = Double.isNaN(range[0]) ? value : Math.min(range[0], value);
      range[1] = Double.isNaN(range[1]) ? value : Math.max(range[1], value);
    }
  }

  /** A value's text on the number line of {@link TableStatistics#numeric}; NaN if not there. */
  static double numeric(String text, DataType type) {
    try {
      return switch (type.kind()) {
        case INT, BIGINT, DOUBLE, DECIMAL -> Double.parseDouble(text);
        case DATE -> LocalDate.parse(text).toEpochDay();
        case TIMESTAMP -> LocalDateTime.parse(text.replace(' ', 'T')).toEpochSecond(ZoneOffset.UTC);
        default -> Double.NaN;
      };
    } catch (NumberFormatException | DateTimeParseException e) {
      // infinity, BC dates, NaN: no place on the number line.
      return Double.NaN;
    }
  }

  /**
   * The elements of a one-dimensional array's text form ({@code {1,2,"a b","x\"y"}}); unquoted NULL
   * elements are left out.
   */
  static List<String> elements(String array) {
    List<String> elements = new ArrayList<>();
    String body = array.trim();
    if (body.length() < 2 || body.charAt(0) != '{' || body.charAt(body.length() - 1) != '}') {
      return elements;
    }
    StringBuilder element = new StringBuilder();
    boolean quoted = false;
    boolean wasQuoted = false;
    for (int i = 1; i < body.length() - 1; i++) {
      char c = body.charAt(i);
      if (quoted) {
        if (c == '\\' && i + 1 < body.length() - 1) {
          element.append(body.charAt(++i));
        } else if (c == '"') {
          quoted = false;
        } else {
          element.append(c);
        }
      } else if (c == '"') {
        quoted = true;
        wasQuoted = true;
      } else if (c == ',') {
        add(elements, element, wasQuoted);
        element.setLength(0);
        wasQuoted = false;
      } else {
        element.append(c);
      }
    }
    add(elements, element, wasQuoted);
    return elements;
  }

  private static void add(List<String> elements, StringBuilder element, boolean wasQuoted) {
    String text = wasQuoted ? element.toString() : element.toString().trim();
    if (!wasQuoted && (text.isEmpty() || text.equalsIgnoreCase("NULL"))) {
      return;
    }
    elements.add(text);
  }
}
