package dev.locus.operators.sort;

import dev.locus.core.batch.Batches;
import dev.locus.core.plan.SortKey;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Field;
import dev.locus.core.type.Schema;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Random rows of every sortable type (NULLs, duplicates, long common string prefixes, decimals
 * beyond 64 bits) loaded both into Arrow batches and into an H2 table, so that H2's ORDER BY is the
 * oracle.
 */
final class SortTestData implements AutoCloseable {
  static final Schema SCHEMA =
      Schema.of(
          Field.notNull("id", DataType.BIGINT),
          Field.nullable("i", DataType.INT),
          Field.nullable("b", DataType.BIGINT),
          Field.nullable("d", DataType.DOUBLE),
          Field.nullable("m", DataType.decimal(38, 2)),
          Field.nullable("s", DataType.VARCHAR),
          Field.nullable("dt", DataType.DATE),
          Field.nullable("ts", DataType.TIMESTAMP),
          Field.nullable("f", DataType.BOOLEAN));

  private static final AtomicInteger DATABASES = new AtomicInteger();
  // All below U+D800, so UTF-16 order (H2) equals UTF-8 byte order (Locus).
  private static final String ALPHABET = "aabbZ é中";

  final List<List<Object>> rows;
  private final Connection connection;

  private SortTestData(List<List<Object>> rows) throws SQLException {
    this.rows = rows;
    connection =
        DriverManager.getConnection("jdbc:h2:mem:sort" + DATABASES.incrementAndGet(), "sa", "");
    try (Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE t (id BIGINT NOT NULL, i INT, b BIGINT, d DOUBLE PRECISION,"
              + " m NUMERIC(38, 2), s VARCHAR, dt DATE, ts TIMESTAMP(6), f BOOLEAN)");
    }
    try (PreparedStatement insert =
        connection.prepareStatement("INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      int pending = 0;
      for (List<Object> row : rows) {
        for (int column = 0; column < row.size(); column++) {
          insert.setObject(column + 1, row.get(column));
        }
        insert.addBatch();
        if (++pending == 5000) {
          insert.executeBatch();
          pending = 0;
        }
      }
      insert.executeBatch();
    }
  }

  /** {@code count} random rows with ids 0..count-1. */
  static SortTestData random(int count, long seed) throws SQLException {
    Random random = new Random(seed);
    List<List<Object>> rows = new ArrayList<>(count);
    for (int id = 0; id < count; id++) {
      List<Object> row = new ArrayList<>(9);
      row.add((long) id);
      row.add(maybeNull(random, random.nextInt(101) - 50));
      row.add(
          maybeNull(
              random, random.nextBoolean() ? random.nextLong() : (long) random.nextInt(20) - 10));
      row.add(maybeNull(random, randomDouble(random)));
      row.add(maybeNull(random, randomDecimal(random)));
      row.add(maybeNull(random, randomString(random)));
      row.add(maybeNull(random, LocalDate.ofEpochDay(random.nextInt(40) - 20)));
      row.add(
          maybeNull(
              random,
              LocalDateTime.of(2024, 1, 1, 0, 0)
                  .plusNanos(1000L * (random.nextInt(30) * 1_000_003L))));
      row.add(maybeNull(random, random.nextBoolean()));
      rows.add(row);
    }
    return new SortTestData(rows);
  }

  private static Object maybeNull(Random random, Object value) {
    return random.nextInt(8) == 0 ? null : value;
  }

  private static double randomDouble(Random random) {
    return switch (random.nextInt(4)) {
      case 0 -> random.nextInt(7) - 3.5;
      case 1 -> random.nextGaussian() * 1e6;
      case 2 -> random.nextBoolean() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
      default -> random.nextInt(3) * 1e-300;
    };
  }

  private static BigDecimal randomDecimal(Random random) {
    BigInteger unscaled =
        switch (random.nextInt(3)) {
          case 0 -> BigInteger.valueOf(random.nextInt(2001) - 1000);
          case 1 -> BigInteger.valueOf(random.nextLong());
          // Beyond 64 bits, within 38 digits; few distinct high parts to make ties on them.
          default ->
              BigInteger.valueOf(random.nextInt(5) - 2)
                  .shiftLeft(64)
                  .add(BigInteger.valueOf(random.nextInt(3)).shiftLeft(62))
                  .add(BigInteger.valueOf(random.nextInt(4)));
        };
    return new BigDecimal(unscaled, 2);
  }

  private static String randomString(Random random) {
    int length = random.nextInt(13);
    StringBuilder builder = new StringBuilder(length);
    // A shared start makes many strings tie on their first 8 bytes.
    if (random.nextBoolean()) {
      builder.append("abcdefgh");
    }
    for (int i = 0; i < length; i++) {
      builder.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return builder.toString();
  }

  /** The rows as batches of random sizes (some empty), in id order. */
  List<VectorSchemaRoot> batches(BufferAllocator allocator, long seed, int maxBatchSize) {
    Random random = new Random(seed);
    List<VectorSchemaRoot> batches = new ArrayList<>();
    int start = 0;
    while (start < rows.size()) {
      int size = Math.min(rows.size() - start, random.nextInt(maxBatchSize + 1));
      batches.add(Batches.fromRows(SCHEMA, rows.subList(start, start + size), allocator));
      start += size;
    }
    return batches;
  }

  /** Parses "s ASC NULLS FIRST, d DESC NULLS LAST" into keys over {@link #SCHEMA}. */
  static List<SortKey> keys(String orderBy) {
    List<SortKey> keys = new ArrayList<>();
    for (String part : orderBy.split(",")) {
      String[] words = part.trim().split("\\s+");
      int column = SCHEMA.indexOf(words[0], "test");
      boolean ascending = words[1].equals("ASC");
      boolean nullsFirst = words[3].equals("FIRST");
      keys.add(new SortKey(column, ascending, nullsFirst));
    }
    return keys;
  }

  /** H2's answer to SELECT * FROM t ORDER BY {@code orderBy} [LIMIT]. */
  List<List<Object>> query(String orderBy, long limit) throws SQLException {
    String sql =
        "SELECT * FROM t ORDER BY " + orderBy + (limit == Long.MAX_VALUE ? "" : " LIMIT " + limit);
    List<List<Object>> result = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet resultSet = statement.executeQuery(sql)) {
      while (resultSet.next()) {
        List<Object> row = new ArrayList<>(9);
        row.add(resultSet.getObject(1, Long.class));
        row.add(resultSet.getObject(2, Integer.class));
        row.add(resultSet.getObject(3, Long.class));
        row.add(resultSet.getObject(4, Double.class));
        row.add(resultSet.getObject(5, BigDecimal.class));
        row.add(resultSet.getObject(6, String.class));
        row.add(resultSet.getObject(7, LocalDate.class));
        row.add(resultSet.getObject(8, LocalDateTime.class));
        row.add(resultSet.getObject(9, Boolean.class));
        result.add(row);
      }
    }
    return result;
  }

  /** The key columns of each row, in key order: what ties leave unambiguous. */
  static List<List<Object>> keyColumns(List<List<Object>> rows, List<SortKey> keys) {
    List<List<Object>> projected = new ArrayList<>(rows.size());
    for (List<Object> row : rows) {
      List<Object> values = new ArrayList<>(keys.size());
      for (SortKey key : keys) {
        values.add(row.get(key.column()));
      }
      projected.add(values);
    }
    return projected;
  }

  /** Collects emitted batches as rows, closing them, and records their sizes. */
  static final class Collector implements java.util.function.Consumer<VectorSchemaRoot> {
    final List<List<Object>> rows = new ArrayList<>();
    final List<Integer> batchSizes = new ArrayList<>();

    @Override
    public void accept(VectorSchemaRoot batch) {
      try (batch) {
        batchSizes.add(batch.getRowCount());
        rows.addAll(Batches.toRows(batch));
      }
    }
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
