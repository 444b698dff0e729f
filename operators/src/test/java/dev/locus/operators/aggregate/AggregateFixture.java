package dev.locus.operators.aggregate;

import static dev.locus.core.type.Field.nullable;

import dev.locus.core.expr.AggregateFunction;
import dev.locus.core.plan.AggregateCall;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Schema;
import dev.locus.operators.exchange.HashPartitioner;
import dev.locus.operators.oracle.BatchCollector;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.IntStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/** Random input for aggregation tests, the SQL of each call, and runners for each mode. */
final class AggregateFixture {
  static final Schema INPUT =
      Schema.of(
          nullable("k_int", DataType.INT),
          nullable("k_bigint", DataType.BIGINT),
          nullable("k_varchar", DataType.VARCHAR),
          nullable("k_date", DataType.DATE),
          nullable("k_bool", DataType.BOOLEAN),
          nullable("k_dec", DataType.decimal(10, 2)),
          nullable("k_ts", DataType.TIMESTAMP),
          nullable("k_double", DataType.DOUBLE),
          nullable("v_int", DataType.INT),
          nullable("v_bigint", DataType.BIGINT),
          nullable("v_double", DataType.DOUBLE),
          nullable("v_dec", DataType.decimal(15, 2)),
          nullable("v_dec4", DataType.decimal(12, 4)));

  private static final String[] STRINGS = {
    "", "a", "b", "ab", "ba", "longer than eight bytes", "longer than eight bytez", "ünïcödé"
  };
  private static final double[] DOUBLES = {0.5, 1.25, -3.0, 1e10, 0.375, 0.0};

  private AggregateFixture() {}

  /** Rows with NULLs in every column, skewed k_int (half the rows are 0). */
  static List<List<Object>> randomRows(Random random, int count) {
    List<List<Object>> rows = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      List<Object> row = new ArrayList<>();
      row.add(maybeNull(random, 0.05, random.nextBoolean() ? 0 : random.nextInt(20)));
      row.add(maybeNull(random, 0.05, (random.nextInt(30) - 15) * 1_000_000_007L * 1000));
      row.add(maybeNull(random, 0.05, STRINGS[random.nextInt(STRINGS.length)]));
      row.add(maybeNull(random, 0.05, LocalDate.of(2020, 1, 1).plusDays(random.nextInt(30))));
      row.add(maybeNull(random, 0.1, random.nextBoolean()));
      row.add(maybeNull(random, 0.05, BigDecimal.valueOf(random.nextInt(15) * 137L - 500, 2)));
      row.add(
          maybeNull(
              random,
              0.05,
              LocalDateTime.of(2021, 3, 4, 5, 6)
                  .plusSeconds(random.nextInt(10) * 3601L)
                  .plusNanos(random.nextInt(3) * 1000L)));
      row.add(maybeNull(random, 0.05, DOUBLES[random.nextInt(DOUBLES.length)]));
      row.add(maybeNull(random, 0.1, random.nextInt(2001) - 1000));
      row.add(maybeNull(random, 0.1, random.nextLong() % 1_000_000_000_000L));
      // Multiples of 1/64: their sums are exact in binary, so any summation order gives one result.
      row.add(maybeNull(random, 0.1, random.nextInt(100_000) / 64.0));
      row.add(maybeNull(random, 0.1, BigDecimal.valueOf(random.nextLong() % 100_000_000_000L, 2)));
      row.add(maybeNull(random, 0.1, BigDecimal.valueOf(random.nextLong() % 100_000_000_000L, 4)));
      rows.add(row);
    }
    return rows;
  }

  private static Object maybeNull(Random random, double probability, Object value) {
    return random.nextDouble() < probability ? null : value;
  }

  /** Every function over every value type that applies, and MIN/MAX over the key types. */
  static List<AggregateCall> allCalls() {
    List<AggregateCall> calls = new ArrayList<>();
    calls.add(AggregateCall.of(AggregateFunction.COUNT, -1, null, false, "count_all"));
    calls.add(call(AggregateFunction.COUNT, "v_int"));
    for (String column : List.of("v_int", "v_bigint", "v_double", "v_dec", "v_dec4")) {
      calls.add(call(AggregateFunction.SUM, column));
      calls.add(call(AggregateFunction.AVG, column));
    }
    for (String column :
        List.of(
            "v_int", "v_bigint", "v_double", "v_dec", "k_varchar", "k_date", "k_ts", "k_bool")) {
      calls.add(call(AggregateFunction.MIN, column));
      calls.add(call(AggregateFunction.MAX, column));
    }
    return calls;
  }

  static AggregateCall call(AggregateFunction function, String column) {
    return call(function, column, false);
  }

  static AggregateCall call(AggregateFunction function, String column, boolean distinct) {
    int index = INPUT.indexOf(column, "test");
    return AggregateCall.of(
        function,
        index,
        INPUT.type(index),
        distinct,
        function.name().toLowerCase(Locale.ROOT) + (distinct ? "_distinct_" : "_") + column);
  }

  /** The SQL of a call over table columns, with the result cast to the call's type. */
  static String sql(AggregateCall call, Schema schema) {
    String distinct = call.distinct() ? "DISTINCT " : "";
    if (call.argument() < 0) {
      return "COUNT(*)";
    }
    String column = schema.field(call.argument()).name();
    return switch (call.function()) {
      case COUNT -> "COUNT(" + distinct + column + ")";
      case SUM ->
          call.type().kind() == DataType.Kind.DOUBLE
              ? "CAST(SUM(" + distinct + column + ") AS DOUBLE PRECISION)"
              : "SUM(" + distinct + column + ")";
      case AVG ->
          call.type().isDecimal()
              ? "CAST(AVG(" + distinct + column + ") AS NUMERIC(38, " + call.type().scale() + "))"
              : "CAST(AVG("
                  + distinct
                  + "CAST("
                  + column
                  + " AS DOUBLE PRECISION)) AS DOUBLE PRECISION)";
      case MIN -> "MIN(" + column + ")";
      case MAX -> "MAX(" + column + ")";
    };
  }

  static String query(String table, Schema schema, List<Integer> keys, List<AggregateCall> calls) {
    List<String> columns = new ArrayList<>();
    List<String> keyNames = keys.stream().map(key -> schema.field(key).name()).toList();
    columns.addAll(keyNames);
    for (AggregateCall call : calls) {
      columns.add(sql(call, schema));
    }
    return "SELECT "
        + String.join(", ", columns)
        + " FROM "
        + table
        + (keys.isEmpty() ? "" : " GROUP BY " + String.join(", ", keyNames));
  }

  /** SINGLE over all batches (the operator takes ownership of them). */
  static BatchCollector runSingle(
      Schema schema,
      List<Integer> keys,
      List<AggregateCall> calls,
      List<VectorSchemaRoot> batches,
      BufferAllocator allocator) {
    BatchCollector out = new BatchCollector(keys.size() + calls.size());
    try (HashAggregateOperator operator =
        new HashAggregateOperator(AggregationMode.SINGLE, schema, keys, calls, allocator)) {
      for (VectorSchemaRoot batch : batches) {
        operator.push(batch, out);
      }
      operator.finish(out);
    }
    return out;
  }

  /**
   * PARTIAL on {@code workers} operators (batches dealt round-robin), their output partitioned by
   * the group keys with {@link HashPartitioner}, FINAL per partition (one partition without keys).
   */
  static BatchCollector runTwoPhase(
      Schema schema,
      List<Integer> keys,
      List<AggregateCall> calls,
      List<VectorSchemaRoot> batches,
      int workers,
      int partitions,
      BufferAllocator allocator) {
    int partitionCount = keys.isEmpty() ? 1 : partitions;
    List<HashAggregateOperator> partials = new ArrayList<>();
    List<HashAggregateOperator> finals = new ArrayList<>();
    BatchCollector out = new BatchCollector(keys.size() + calls.size());
    try {
      for (int i = 0; i < workers; i++) {
        partials.add(
            new HashAggregateOperator(AggregationMode.PARTIAL, schema, keys, calls, allocator));
      }
      for (int i = 0; i < partitionCount; i++) {
        finals.add(
            new HashAggregateOperator(AggregationMode.FINAL, schema, keys, calls, allocator));
      }
      HashPartitioner partitioner =
          new HashPartitioner(IntStream.range(0, keys.size()).boxed().toList(), partitionCount);
      java.util.function.Consumer<VectorSchemaRoot> unexpected =
          batch -> {
            batch.close();
            throw new AssertionError("FINAL emitted before finish");
          };
      java.util.function.Consumer<VectorSchemaRoot> route =
          batch -> {
            try (batch) {
              VectorSchemaRoot[] parts = partitioner.partition(batch, allocator);
              for (int p = 0; p < parts.length; p++) {
                if (parts[p] != null) {
                  finals.get(p).push(parts[p], unexpected);
                }
              }
            }
          };
      for (int i = 0; i < batches.size(); i++) {
        partials.get(i % workers).push(batches.get(i), route);
      }
      for (HashAggregateOperator partial : partials) {
        partial.finish(route);
      }
      for (HashAggregateOperator finalOperator : finals) {
        finalOperator.finish(out);
      }
    } finally {
      partials.forEach(HashAggregateOperator::close);
      finals.forEach(HashAggregateOperator::close);
    }
    return out;
  }
}
