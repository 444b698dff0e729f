package dev.locus.sql.tpch;

import static java.util.Objects.requireNonNull;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.source.tpch.TpchSource;
import io.trino.tpch.TpchColumn;
import io.trino.tpch.TpchColumnType;
import io.trino.tpch.TpchEntity;
import io.trino.tpch.TpchTable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * An in-memory DuckDB holding exactly the rows of the Locus {@code tpch} source at one scale
 * factor, with the same column types ({@link TpchSource}: keys BIGINT, other integers INTEGER,
 * money and quantities DECIMAL(15, 2), dates DATE, text VARCHAR): the reference engine that TPC-H
 * answers of Locus are checked against and benchmarked beside.
 *
 * <p>The rows come straight from the {@code io.trino.tpch} generator (not through Locus), and go in
 * through DuckDB's appender; the large tables are generated in parts on several threads, each part
 * through a connection and appender of its own.
 *
 * <p>Needs {@code org.duckdb:duckdb_jdbc} on the class path (an optional dependency of locus-sql).
 */
public final class TpchDuckDb implements AutoCloseable {
  /** Fewest estimated rows for which a table is generated in parts. */
  private static final long ROWS_PER_PART = 100_000;

  private final DuckDBConnection connection;
  private final double scaleFactor;

  private TpchDuckDb(DuckDBConnection connection, double scaleFactor) {
    this.connection = requireNonNull(connection, "connection is null");
    this.scaleFactor = scaleFactor;
  }

  /** The 8 TPC-H tables at {@code scaleFactor}, generated on all cores. */
  public static TpchDuckDb load(double scaleFactor) {
    return load(scaleFactor, Runtime.getRuntime().availableProcessors());
  }

  /** The 8 TPC-H tables at {@code scaleFactor}, generated on {@code threads} threads. */
  public static TpchDuckDb load(double scaleFactor, int threads) {
    if (threads < 1) {
      throw new LocusException(
          ErrorCode.INVALID_ARGUMENT, "Loader threads must be at least 1; found " + threads);
    }
    // Validates the scale factor with the same rule and message as the Locus source.
    TpchSource.table("nation", scaleFactor);
    DuckDBConnection connection;
    try {
      connection = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
    } catch (SQLException e) {
      throw failure("Cannot start an in-memory DuckDB", e);
    }
    TpchDuckDb database = new TpchDuckDb(connection, scaleFactor);
    try {
      database.createTables();
      database.fill(threads);
      return database;
    } catch (RuntimeException | Error e) {
      database.close();
      throw e;
    }
  }

  public double scaleFactor() {
    return scaleFactor;
  }

  /** The connection, for statements of the caller's own; it stays owned by this database. */
  public Connection connection() {
    return connection;
  }

  /** Lets DuckDB use {@code threads} threads per query ({@code SET threads TO n}). */
  public void setThreads(int threads) {
    if (threads < 1) {
      throw new LocusException(
          ErrorCode.INVALID_ARGUMENT, "DuckDB threads must be at least 1; found " + threads);
    }
    execute("SET threads TO " + threads);
  }

  /**
   * Runs a query and returns its rows: DATE as LocalDate, DECIMAL as BigDecimal, HUGEINT as
   * BigDecimal, other values as the driver gives them (Long, Integer, Double, String, …).
   */
  public ResultRows query(String sql) {
    requireNonNull(sql, "sql is null");
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      ResultSetMetaData metadata = result.getMetaData();
      int columnCount = metadata.getColumnCount();
      List<String> columns = new ArrayList<>(columnCount);
      for (int i = 1; i <= columnCount; i++) {
        columns.add(metadata.getColumnLabel(i));
      }
      List<List<Object>> rows = new ArrayList<>();
      while (result.next()) {
        List<Object> row = new ArrayList<>(columnCount);
        for (int i = 1; i <= columnCount; i++) {
          row.add(javaValue(result.getObject(i)));
        }
        rows.add(row);
      }
      return new ResultRows(columns, rows);
    } catch (SQLException e) {
      throw failure("DuckDB failed to run the query: " + e.getMessage() + "\n" + sql.strip(), e);
    }
  }

  /** How many rows a table holds. */
  public long rowCount(String table) {
    ResultRows rows = query("SELECT count(*) FROM " + TpchSource.table(table, 1).tableName());
    return ((Number) rows.rows().get(0).get(0)).longValue();
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      throw failure("Cannot close the in-memory DuckDB", e);
    }
  }

  private static Object javaValue(Object value) {
    if (value instanceof java.sql.Date date) {
      return date.toLocalDate();
    }
    if (value instanceof java.sql.Timestamp timestamp) {
      return timestamp.toLocalDateTime();
    }
    if (value instanceof BigInteger integer) {
      return new BigDecimal(integer);
    }
    return value;
  }

  private void createTables() {
    for (TpchTable<?> table : TpchTable.getTables()) {
      StringJoiner columns =
          new StringJoiner(", ", "CREATE TABLE " + table.getTableName() + " (", ")");
      for (TpchColumn<?> column : table.getColumns()) {
        columns.add(column.getColumnName() + " " + sqlType(column.getType()) + " NOT NULL");
      }
      execute(columns.toString());
    }
  }

  private static String sqlType(TpchColumnType type) {
    return switch (type.getBase()) {
      case IDENTIFIER -> "BIGINT";
      case INTEGER -> "INTEGER";
      case DOUBLE -> "DECIMAL(15, 2)";
      case DATE -> "DATE";
      case VARCHAR -> "VARCHAR";
    };
  }

  private void fill(int threads) {
    List<Runnable> parts = new ArrayList<>();
    for (TpchTable<?> table : TpchTable.getTables()) {
      long rows = TpchSource.table(table.getTableName(), scaleFactor).estimatedRows();
      // The generator puts the fixed-size tables (nation, region) in part 1 only.
      int partCount = (int) Math.max(1, Math.min(threads, rows / ROWS_PER_PART));
      for (int part = 1; part <= partCount; part++) {
        int thisPart = part;
        parts.add(() -> append(table, thisPart, partCount));
      }
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (Runnable part : parts) {
        running.add(pool.submit(part));
      }
      for (Future<?> future : running) {
        future.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LocusException(ErrorCode.INTERNAL_ERROR, "Interrupted while loading DuckDB", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new LocusException(ErrorCode.INTERNAL_ERROR, "Loading DuckDB failed: " + cause, cause);
    } finally {
      pool.shutdownNow();
    }
  }

  @SuppressWarnings("unchecked")
  private void append(TpchTable<?> table, int part, int partCount) {
    TpchTable<TpchEntity> entities = (TpchTable<TpchEntity>) table;
    List<TpchColumn<TpchEntity>> columns = entities.getColumns();
    int columnCount = columns.size();
    TpchColumnType.Base[] bases = new TpchColumnType.Base[columnCount];
    for (int i = 0; i < columnCount; i++) {
      bases[i] = columns.get(i).getType().getBase();
    }
    try (DuckDBConnection partConnection = (DuckDBConnection) connection.duplicate();
        DuckDBAppender appender =
            partConnection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, table.getTableName())) {
      for (TpchEntity row : entities.createGenerator(scaleFactor, part, partCount)) {
        appender.beginRow();
        for (int i = 0; i < columnCount; i++) {
          TpchColumn<TpchEntity> column = columns.get(i);
          switch (bases[i]) {
            case IDENTIFIER -> appender.append(column.getIdentifier(row));
            case INTEGER -> appender.append(column.getInteger(row));
            case DATE -> appender.appendEpochDays(column.getDate(row));
            // The generator keeps money as whole cents; getIdentifier gives them exactly.
            case DOUBLE -> appender.appendDecimal(column.getIdentifier(row));
            case VARCHAR -> appender.append(column.getString(row));
          }
        }
        appender.endRow();
      }
    } catch (SQLException e) {
      throw failure(
          "Cannot load part " + part + " of " + partCount + " of TPC-H table " + table, e);
    }
  }

  private void execute(String sql) {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw failure("DuckDB failed to run " + sql + ": " + e.getMessage(), e);
    }
  }

  private static LocusException failure(String message, SQLException e) {
    return new LocusException(ErrorCode.SOURCE_UNAVAILABLE, message, e);
  }
}
