package dev.locus.adapters.jdbc;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How the databases the platform pushes to order text, read once per database and table and kept
 * for the life of the platform.
 *
 * <ul>
 *   <li>PostgreSQL: a column orders by code point when its collation is {@code C} or {@code POSIX},
 *       or it is {@code default} and the database's {@code datcollate} is {@code C} or {@code
 *       POSIX}.
 *   <li>H2: values compare with {@link String#compareTo} unless a {@code COLLATION} is set.
 * </ul>
 */
final class DatabaseInfo {
  private final Map<JdbcSource.DatabaseKey, Boolean> binaryDefaults = new ConcurrentHashMap<>();
  private final Map<JdbcSource, List<Boolean>> binaryColumns = new ConcurrentHashMap<>();

  boolean binaryDefault(JdbcSource.DatabaseKey database, Dialect dialect) {
    return binaryDefaults.computeIfAbsent(database, key -> readBinaryDefault(key, dialect));
  }

  List<Boolean> binaryColumns(JdbcSource source, Dialect dialect) {
    return binaryColumns.computeIfAbsent(source, key -> readBinaryColumns(key, dialect));
  }

  static boolean isBinaryCollation(String collation) {
    if (collation == null) {
      return false;
    }
    String upper = collation.toUpperCase(Locale.ROOT);
    return upper.equals("C") || upper.equals("POSIX");
  }

  private static boolean readBinaryDefault(JdbcSource.DatabaseKey database, Dialect dialect) {
    try (Connection connection = database.connect();
        Statement statement = connection.createStatement()) {
      if (dialect == Dialect.POSTGRESQL) {
        try (ResultSet rows =
            statement.executeQuery(
                "SELECT datcollate FROM pg_database WHERE datname = current_database()")) {
          return rows.next() && isBinaryCollation(rows.getString(1));
        }
      }
      try (ResultSet rows =
          statement.executeQuery(
              "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS"
                  + " WHERE SETTING_NAME = 'COLLATION'")) {
        return !rows.next() || "OFF".equalsIgnoreCase(rows.getString(1));
      }
    } catch (SQLException e) {
      throw JdbcSource.metadataError(database.displayUrl(), e);
    }
  }

  private List<Boolean> readBinaryColumns(JdbcSource source, Dialect dialect) {
    JdbcSource.DatabaseKey database = source.database();
    boolean binaryDefault = binaryDefault(database, dialect);
    List<Boolean> binary = new ArrayList<>();
    if (dialect != Dialect.POSTGRESQL || source.tableSchema().isEmpty()) {
      for (int i = 0; i < source.columnNames().size(); i++) {
        binary.add(binaryDefault);
      }
      return List.copyOf(binary);
    }
    Map<String, String> collations = new HashMap<>();
    try (Connection connection = database.connect();
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT a.attname, co.collname FROM pg_attribute a"
                    + " JOIN pg_class c ON c.oid = a.attrelid"
                    + " JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " LEFT JOIN pg_collation co ON co.oid = a.attcollation"
                    + " WHERE c.relname = ? AND n.nspname = ? AND a.attnum > 0")) {
      statement.setString(1, source.table());
      statement.setString(2, source.tableSchema().orElseThrow());
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          collations.put(rows.getString(1), rows.getString(2));
        }
      }
    } catch (SQLException e) {
      throw JdbcSource.metadataError(database.displayUrl(), e);
    }
    for (String column : source.columnNames()) {
      if (!collations.containsKey(column)) {
        throw new LocusException(
            ErrorCode.SOURCE_UNAVAILABLE,
            "Column '" + column + "' of " + source.name() + " is missing from pg_attribute");
      }
      String collation = collations.get(column);
      binary.add(
          collation == null || collation.equals("default")
              ? binaryDefault
              : isBinaryCollation(collation));
    }
    return List.copyOf(binary);
  }
}
