package dev.locus.adapters.jdbc;

import dev.locus.core.batch.Batches;
import dev.locus.core.batch.Decimals;
import dev.locus.core.batch.Vectors;
import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.source.BatchReader;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Field;
import dev.locus.core.type.Schema;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/** Streams a query's result set into Arrow batches. */
final class JdbcBatchReader implements BatchReader {
  private final String sourceName;
  private final Connection connection;
  private final Statement statement;
  private final ResultSet resultSet;
  private final Schema schema;
  private final Field[] fields;
  private final DataType.Kind[] kinds;
  private final BufferAllocator allocator;
  private final int batchSize;
  private boolean finished;

  private JdbcBatchReader(
      String sourceName,
      Connection connection,
      Statement statement,
      ResultSet resultSet,
      Schema schema,
      BufferAllocator allocator,
      int batchSize) {
    this.sourceName = sourceName;
    this.connection = connection;
    this.statement = statement;
    this.resultSet = resultSet;
    this.schema = schema;
    this.fields = schema.fields().toArray(new Field[0]);
    this.kinds = new DataType.Kind[fields.length];
    for (int i = 0; i < fields.length; i++) {
      kinds[i] = fields[i].type().kind();
    }
    this.allocator = allocator;
    this.batchSize = batchSize;
  }

  static JdbcBatchReader open(
      JdbcSource source, String sql, Schema schema, BufferAllocator allocator, int batchSize) {
    return open(
        source.name(), source.connect(), new SqlText(sql, List.of()), schema, allocator, batchSize);
  }

  /**
   * Runs {@code query} as a prepared statement on {@code connection} (which the reader then owns
   * and closes), its parameters bound with their types.
   */
  static JdbcBatchReader open(
      String sourceName,
      Connection connection,
      SqlText query,
      Schema schema,
      BufferAllocator allocator,
      int batchSize) {
    PreparedStatement statement = null;
    try {
      // Without auto-commit, drivers such as PostgreSQL's stream rows instead of buffering all.
      connection.setAutoCommit(false);
      connection.setReadOnly(true);
      statement =
          connection.prepareStatement(
              query.text(), ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
      statement.setFetchSize(JdbcSource.FETCH_SIZE);
      query.bind(statement);
      ResultSet resultSet = statement.executeQuery();
      return new JdbcBatchReader(
          sourceName, connection, statement, resultSet, schema, allocator, batchSize);
    } catch (SQLException e) {
      LocusException failure = readError(sourceName, e);
      closeQuietly(statement, failure);
      closeQuietly(connection, failure);
      throw failure;
    } catch (RuntimeException e) {
      LocusException failure =
          e instanceof LocusException locus
              ? locus
              : new LocusException(ErrorCode.INTERNAL_ERROR, e.getMessage(), e);
      closeQuietly(statement, failure);
      closeQuietly(connection, failure);
      throw failure;
    }
  }

  @Override
  public VectorSchemaRoot next() {
    if (finished) {
      return null;
    }
    VectorSchemaRoot root = Batches.allocate(schema, allocator, batchSize);
    try {
      FieldVector[] vectors = root.getFieldVectors().toArray(new FieldVector[0]);
      int row = 0;
      while (row < batchSize && resultSet.next()) {
        for (int column = 0; column < vectors.length; column++) {
          setValue(column, vectors[column], row);
        }
        row++;
      }
      if (row < batchSize) {
        finish();
      }
      if (row == 0) {
        root.close();
        return null;
      }
      for (FieldVector vector : vectors) {
        vector.setValueCount(row);
      }
      root.setRowCount(row);
      return root;
    } catch (SQLException e) {
      root.close();
      throw readError(sourceName, e);
    } catch (RuntimeException | Error e) {
      root.close();
      throw e;
    }
  }

  // hot path
  private void setValue(int column, FieldVector vector, int row) throws SQLException {
    int index = column + 1;
    ResultSet rows = resultSet;
    switch (kinds[column]) {
      case BIGINT -> {
        long value = rows.getLong(index);
        if (rows.wasNull()) {
          vector.setNull(row);
        } else {
          ((BigIntVector) vector).setSafe(row, value);
        }
      }
      case INT -> {
        int value = rows.getInt(index);
        if (rows.wasNull()) {
          vector.setNull(row);
        } else {
          ((IntVector) vector).setSafe(row, value);
        }
      }
      case DOUBLE -> {
        double value = rows.getDouble(index);
        if (rows.wasNull()) {
          vector.setNull(row);
        } else {
          ((Float8Vector) vector).setSafe(row, value);
        }
      }
      case BOOLEAN -> {
        boolean value = rows.getBoolean(index);
        if (rows.wasNull()) {
          vector.setNull(row);
        } else {
          ((BitVector) vector).setSafe(row, value ? 1 : 0);
        }
      }
      case DECIMAL -> {
        BigDecimal value = rows.getBigDecimal(index);
        if (value == null) {
          vector.setNull(row);
        } else {
          setDecimal(column, (DecimalVector) vector, row, value);
        }
      }
      case VARCHAR -> {
        String value = rows.getString(index);
        if (value == null) {
          vector.setNull(row);
        } else {
          ((VarCharVector) vector).setSafe(row, value.getBytes(StandardCharsets.UTF_8));
        }
      }
      case DATE -> {
        LocalDate value = rows.getObject(index, LocalDate.class);
        if (value == null) {
          vector.setNull(row);
        } else {
          ((DateDayVector) vector).setSafe(row, (int) value.toEpochDay());
        }
      }
      case TIMESTAMP -> {
        LocalDateTime value = rows.getObject(index, LocalDateTime.class);
        if (value == null) {
          vector.setNull(row);
        } else {
          ((TimeStampMicroVector) vector).setSafe(row, Vectors.toMicros(value));
        }
      }
      case OBJECT -> throw new IllegalStateException("JDBC columns are never OBJECT");
    }
  }

  private void setDecimal(int column, DecimalVector vector, int row, BigDecimal value) {
    DataType type = fields[column].type();
    BigDecimal exact;
    try {
      exact = value.setScale(type.scale(), RoundingMode.UNNECESSARY);
    } catch (ArithmeticException e) {
      throw new LocusException(
          ErrorCode.INVALID_CAST,
          "Value "
              + value.toPlainString()
              + " of column '"
              + fields[column].name()
              + "' of "
              + sourceName
              + " has more than "
              + type.scale()
              + " decimal places",
          e);
    }
    if (exact.precision() - exact.scale() > type.precision() - type.scale()) {
      throw new LocusException(
          ErrorCode.NUMERIC_OVERFLOW,
          "Value "
              + value.toPlainString()
              + " of column '"
              + fields[column].name()
              + "' of "
              + sourceName
              + " does not fit "
              + type);
    }
    if (type.precision() <= 18) {
      Decimals.setUnscaled(vector, row, exact.unscaledValue().longValue());
    } else {
      vector.setSafe(row, exact);
    }
  }

  private static LocusException readError(String sourceName, SQLException e) {
    return new LocusException(
        ErrorCode.SOURCE_UNAVAILABLE, "Cannot read " + sourceName + ": " + e.getMessage(), e);
  }

  private void finish() {
    if (finished) {
      return;
    }
    finished = true;
    LocusException failure = null;
    try {
      resultSet.close();
      statement.close();
      connection.commit();
    } catch (SQLException e) {
      failure = readError(sourceName, e);
    }
    try {
      connection.close();
    } catch (SQLException e) {
      if (failure == null) {
        failure = readError(sourceName, e);
      } else {
        failure.addSuppressed(e);
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static void closeQuietly(AutoCloseable resource, LocusException failure) {
    if (resource == null) {
      return;
    }
    try {
      resource.close();
    } catch (Exception e) {
      failure.addSuppressed(e);
    }
  }

  @Override
  public void close() {
    finish();
  }
}
