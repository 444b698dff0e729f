package dev.locus.adapters.jdbc;

import dev.locus.core.api.Row;
import dev.locus.core.type.Field;
import dev.locus.core.type.Schema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.StringJoiner;

/** Test fixture: Locus rows copied into a new database table of the same name and columns. */
public final class TableCopy {
  private TableCopy() {}

  /**
   * Creates table {@code name} with {@code schema}'s columns (DECIMAL, INTEGER, BIGINT and DATE as
   * such, anything else VARCHAR(200)) and primary key {@code key} (column indices; none when
   * empty), and inserts {@code rows} in batches. The caller commits.
   */
  public static void copy(
      Connection connection, String name, Schema schema, List<Integer> key, Iterable<Row> rows)
      throws SQLException {
    StringJoiner columns = new StringJoiner(", ");
    StringJoiner marks = new StringJoiner(", ");
    for (Field field : schema.fields()) {
      String type =
          switch (field.type().kind()) {
            case INT -> "INTEGER";
            case BIGINT -> "BIGINT";
            case DECIMAL ->
                "DECIMAL(" + field.type().precision() + ", " + field.type().scale() + ")";
            case DATE -> "DATE";
            default -> "VARCHAR(200)";
          };
      columns.add(field.name() + " " + type);
      marks.add("?");
    }
    StringJoiner keyColumns = new StringJoiner(", ");
    key.forEach(column -> keyColumns.add(schema.field(column).name()));
    try (Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE "
              + name
              + " ("
              + columns
              + (key.isEmpty() ? "" : ", PRIMARY KEY (" + keyColumns + ")")
              + ")");
    }
    try (PreparedStatement insert =
        connection.prepareStatement("INSERT INTO " + name + " VALUES (" + marks + ")")) {
      int pending = 0;
      for (Row row : rows) {
        for (int i = 0; i < schema.size(); i++) {
          insert.setObject(i + 1, row.values().get(i));
        }
        insert.addBatch();
        if (++pending % 5000 == 0) {
          insert.executeBatch();
        }
      }
      insert.executeBatch();
    }
  }
}
