package dev.locus.operators.oracle;

import dev.locus.core.type.DataType;
import dev.locus.core.type.Field;
import dev.locus.core.type.Schema;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** An in-memory H2 database: the independent oracle that runs the same computation in SQL. */
public final class H2Oracle implements AutoCloseable {
  private final Connection connection;

  public H2Oracle() {
    try {
      connection = DriverManager.getConnection("jdbc:h2:mem:");
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot open H2", e);
    }
  }

  /** Creates table {@code name} with the schema's columns and inserts the rows. */
  public void load(String name, Schema schema, List<? extends List<?>> rows) {
    StringBuilder create = new StringBuilder("CREATE TABLE " + name + " (");
    StringBuilder insert = new StringBuilder("INSERT INTO " + name + " VALUES (");
    for (int i = 0; i < schema.size(); i++) {
      Field field = schema.field(i);
      create
          .append(i > 0 ? ", " : "")
          .append(field.name())
          .append(' ')
          .append(sqlType(field.type()));
      insert.append(i > 0 ? ", ?" : "?");
    }
    try (Statement statement = connection.createStatement()) {
      statement.execute(create.append(')').toString());
      try (PreparedStatement prepared =
          connection.prepareStatement(insert.append(')').toString())) {
        int pending = 0;
        for (List<?> row : rows) {
          for (int i = 0; i < row.size(); i++) {
            prepared.setObject(i + 1, row.get(i));
          }
          prepared.addBatch();
          if (++pending == 1000) {
            prepared.executeBatch();
            pending = 0;
          }
        }
        prepared.executeBatch();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot load " + name, e);
    }
  }

  /** The rows of a query, normalized with {@link Rows#normalize}. */
  public List<List<Object>> query(String sql) {
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      int columns = result.getMetaData().getColumnCount();
      List<List<Object>> rows = new ArrayList<>();
      while (result.next()) {
        List<Object> row = new ArrayList<>(columns);
        for (int i = 1; i <= columns; i++) {
          row.add(Rows.normalize(result.getObject(i)));
        }
        rows.add(row);
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException("Oracle query failed: " + sql, e);
    }
  }

  public static String sqlType(DataType type) {
    return switch (type.kind()) {
      case BOOLEAN -> "BOOLEAN";
      case INT -> "INTEGER";
      case BIGINT -> "BIGINT";
      case DOUBLE -> "DOUBLE PRECISION";
      case DECIMAL -> "NUMERIC(" + type.precision() + ", " + type.scale() + ")";
      case VARCHAR -> "VARCHAR";
      case DATE -> "DATE";
      case TIMESTAMP -> "TIMESTAMP";
      case OBJECT -> throw new IllegalArgumentException("No SQL type for OBJECT");
    };
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot close H2", e);
    }
  }
}
