package dev.locus.operators.join;

import static dev.locus.core.type.Field.notNull;
import static dev.locus.core.type.Field.nullable;

import dev.locus.core.expr.RowExpression;
import dev.locus.core.plan.JoinType;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Schema;
import dev.locus.operators.oracle.BatchCollector;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/** Random join inputs with NULL and skewed keys of every type, the SQL oracle, and runners. */
final class JoinFixture {
  static final List<String> KEY_COLUMNS =
      List.of("k_int", "k_varchar", "k_bigint", "k_date", "k_dec", "k_double", "k_bool", "k_ts");

  static final Schema LEFT = side("l_id", "l_val");
  static final Schema RIGHT = side("r_id", "r_val");

  private JoinFixture() {}

  private static Schema side(String id, String value) {
    return Schema.of(
        notNull(id, DataType.INT),
        nullable("k_int", DataType.INT),
        nullable("k_varchar", DataType.VARCHAR),
        nullable("k_bigint", DataType.BIGINT),
        nullable("k_date", DataType.DATE),
        nullable("k_dec", DataType.decimal(8, 2)),
        nullable("k_double", DataType.DOUBLE),
        nullable("k_bool", DataType.BOOLEAN),
        nullable("k_ts", DataType.TIMESTAMP),
        nullable(value, DataType.INT));
  }

  /**
   * {@code count} rows with distinct ids from {@code firstId}; every key is NULL in 10% of rows and
   * k_int is 0 in 10% (skew).
   */
  static List<List<Object>> randomRows(Random random, int count, int firstId) {
    List<List<Object>> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      List<Object> row = new ArrayList<>();
      row.add(firstId + i);
      row.add(maybeNull(random, random.nextInt(10) == 0 ? 0 : random.nextInt(50)));
      int text = random.nextInt(50);
      row.add(
          maybeNull(
              random,
              text == 0
                  ? ""
                  : text == 1 ? "ünïcödé" : "key-" + text + (text % 3 == 0 ? "-long" : "")));
      row.add(maybeNull(random, (random.nextInt(50) - 25) * 1_000_000_000_000L));
      row.add(maybeNull(random, LocalDate.of(2024, 2, 1).plusDays(random.nextInt(60))));
      row.add(maybeNull(random, BigDecimal.valueOf(random.nextInt(50) * 125L - 1000, 2)));
      row.add(maybeNull(random, random.nextInt(50) / 4.0 - 5));
      row.add(maybeNull(random, random.nextBoolean()));
      row.add(
          maybeNull(
              random,
              LocalDateTime.of(2024, 5, 6, 7, 8)
                  .plusSeconds(random.nextInt(50) * 7L)
                  .plusNanos(3000)));
      row.add(random.nextInt(8) == 0 ? null : random.nextInt(100));
      rows.add(row);
    }
    return rows;
  }

  private static Object maybeNull(Random random, Object value) {
    return random.nextInt(10) == 0 ? null : value;
  }

  static List<Integer> indexes(Schema schema, List<String> names) {
    return names.stream().map(name -> schema.indexOf(name, "test")).toList();
  }

  /**
   * The oracle's query for a join of tables {@code l} and {@code r} on equal key names and an
   * optional SQL condition ({@code residualSql} may be null).
   */
  static String sql(JoinType type, List<String> keys, String residualSql) {
    return sql(type, "l", "r", keys, residualSql);
  }

  /** As above, over tables with other names (still aliased {@code l} and {@code r}). */
  static String sql(
      JoinType type, String leftTable, String rightTable, List<String> keys, String residualSql) {
    List<String> conditions = new ArrayList<>();
    for (String key : keys) {
      conditions.add("l." + key + " = r." + key);
    }
    if (residualSql != null) {
      conditions.add(residualSql);
    }
    String on = conditions.isEmpty() ? "1 = 1" : String.join(" AND ", conditions);
    String l = leftTable + " l";
    String r = rightTable + " r";
    return switch (type) {
      case INNER -> "SELECT l.*, r.* FROM " + l + " INNER JOIN " + r + " ON " + on;
      case LEFT -> "SELECT l.*, r.* FROM " + l + " LEFT JOIN " + r + " ON " + on;
      case RIGHT -> "SELECT l.*, r.* FROM " + l + " RIGHT JOIN " + r + " ON " + on;
      case FULL ->
          "SELECT l.*, r.* FROM "
              + l
              + " LEFT JOIN "
              + r
              + " ON "
              + on
              + " UNION ALL SELECT l.*, r.* FROM "
              + r
              + " LEFT JOIN "
              + l
              + " ON "
              + on
              + " WHERE l.l_id IS NULL";
      case SEMI ->
          "SELECT l.* FROM " + l + " WHERE EXISTS (SELECT 1 FROM " + r + " WHERE " + on + ")";
      case ANTI ->
          "SELECT l.* FROM " + l + " WHERE NOT EXISTS (SELECT 1 FROM " + r + " WHERE " + on + ")";
    };
  }

  /**
   * Builds a table of the right batches, probes it with the left batches on {@code threads}
   * concurrent operators (batches dealt round-robin), and for RIGHT and FULL emits the unmatched
   * build rows at the end. Takes ownership of all batches.
   */
  static BatchCollector run(
      JoinType type,
      Schema leftSchema,
      List<VectorSchemaRoot> left,
      Schema rightSchema,
      List<VectorSchemaRoot> right,
      List<Integer> leftKeys,
      List<Integer> rightKeys,
      RowExpression residual,
      int threads,
      BufferAllocator allocator)
      throws Exception {
    int columns = leftSchema.size() + (type.outputsRight() ? rightSchema.size() : 0);
    BatchCollector out = new BatchCollector(columns);
    try (JoinHashTable table = JoinHashTable.build(right, rightSchema, rightKeys, allocator)) {
      List<List<VectorSchemaRoot>> shares = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        shares.add(new ArrayList<>());
      }
      for (int i = 0; i < left.size(); i++) {
        shares.get(i % threads).add(left.get(i));
      }
      ExecutorService executor = Executors.newFixedThreadPool(threads);
      try {
        List<Future<?>> futures = new ArrayList<>();
        for (List<VectorSchemaRoot> share : shares) {
          futures.add(
              executor.submit(
                  () -> {
                    int pushed = 0;
                    try (HashJoinOperator operator =
                        new HashJoinOperator(
                            type, table, leftKeys, residual, leftSchema, rightSchema, allocator)) {
                      for (VectorSchemaRoot batch : share) {
                        pushed++;
                        operator.push(batch, out);
                      }
                      operator.finish(out);
                    } finally {
                      share.subList(pushed, share.size()).forEach(VectorSchemaRoot::close);
                    }
                    return null;
                  }));
        }
        // Wait for every probe before the table closes, even when one of them failed.
        Exception failure = null;
        for (Future<?> future : futures) {
          try {
            future.get(60, TimeUnit.SECONDS);
          } catch (ExecutionException e) {
            if (failure == null) {
              failure = e.getCause() instanceof Exception cause ? cause : e;
            }
          }
        }
        if (failure != null) {
          throw failure;
        }
      } finally {
        executor.shutdown();
        if (!executor.awaitTermination(60, TimeUnit.SECONDS)) {
          throw new AssertionError("Probe threads did not stop within 60 seconds");
        }
      }
      if (type == JoinType.RIGHT || type == JoinType.FULL) {
        table.emitUnmatchedBuildRows(leftSchema, out, allocator);
      }
    }
    return out;
  }
}
