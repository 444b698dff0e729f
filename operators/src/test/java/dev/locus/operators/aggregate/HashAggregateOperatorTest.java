package dev.locus.operators.aggregate;

import static dev.locus.operators.aggregate.AggregateFixture.INPUT;
import static dev.locus.operators.aggregate.AggregateFixture.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.locus.core.batch.Batches;
import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.expr.AggregateFunction;
import dev.locus.core.plan.AggregateCall;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Field;
import dev.locus.core.type.Schema;
import dev.locus.operators.oracle.BatchCollector;
import dev.locus.operators.oracle.H2Oracle;
import dev.locus.operators.oracle.RandomBatches;
import dev.locus.operators.oracle.Rows;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class HashAggregateOperatorTest {
  private static final int ROWS = 20_000;
  private static List<List<Object>> rows;
  private static H2Oracle oracle;

  private BufferAllocator allocator;

  @BeforeAll
  static void loadOracle() {
    rows = AggregateFixture.randomRows(new Random(42), ROWS);
    oracle = new H2Oracle();
    oracle.load("t", INPUT, rows);
  }

  @AfterAll
  static void closeOracle() {
    oracle.close();
  }

  @BeforeEach
  void openAllocator() {
    allocator = new RootAllocator();
  }

  @AfterEach
  void closeAllocator() {
    allocator.close();
  }

  static Stream<List<String>> keySets() {
    return Stream.of(
        List.of(),
        List.of("k_int"),
        List.of("k_bigint"),
        List.of("k_varchar"),
        List.of("k_date"),
        List.of("k_bool"),
        List.of("k_dec"),
        List.of("k_ts"),
        List.of("k_double"),
        List.of("k_int", "k_varchar"),
        List.of("k_varchar", "k_date", "k_bool"),
        List.of("k_bigint", "k_dec", "k_ts"));
  }

  private static List<Integer> keys(List<String> names) {
    return names.stream().map(name -> INPUT.indexOf(name, "test")).toList();
  }

  private List<VectorSchemaRoot> batches(long seed) {
    return RandomBatches.split(INPUT, rows, 3000, new Random(seed), allocator);
  }

  @ParameterizedTest
  @MethodSource("keySets")
  void singleModeMatchesH2(List<String> keyNames) {
    List<Integer> keys = keys(keyNames);
    List<AggregateCall> calls = AggregateFixture.allCalls();
    BatchCollector out = AggregateFixture.runSingle(INPUT, keys, calls, batches(1), allocator);
    List<List<Object>> expected = oracle.query(AggregateFixture.query("t", INPUT, keys, calls));
    Rows.assertSameRows(out.rows(), expected);
    assertThat(out.rows()).hasSize(expected.size());
  }

  @ParameterizedTest
  @MethodSource("keySets")
  void partialThenPartitionedFinalMatchesSingleAndH2(List<String> keyNames) {
    List<Integer> keys = keys(keyNames);
    List<AggregateCall> calls = AggregateFixture.allCalls();
    BatchCollector twoPhase =
        AggregateFixture.runTwoPhase(INPUT, keys, calls, batches(2), 3, 4, allocator);
    BatchCollector single = AggregateFixture.runSingle(INPUT, keys, calls, batches(3), allocator);
    List<List<Object>> expected = oracle.query(AggregateFixture.query("t", INPUT, keys, calls));
    Rows.assertSameRows(twoPhase.rows(), expected);
    Rows.assertSameRows(twoPhase.rows(), single.rows());
  }

  @Test
  void distinctAggregatesMatchH2() {
    List<AggregateCall> calls =
        List.of(
            call(AggregateFunction.COUNT, "v_int", true),
            call(AggregateFunction.SUM, "k_int", true),
            call(AggregateFunction.AVG, "k_dec", true),
            call(AggregateFunction.COUNT, "k_varchar", true),
            call(AggregateFunction.SUM, "k_double", true),
            call(AggregateFunction.MAX, "k_date", true),
            call(AggregateFunction.COUNT, "k_int"),
            call(AggregateFunction.SUM, "k_int"));
    for (List<String> keyNames :
        List.of(List.<String>of(), List.of("k_bool"), List.of("k_varchar", "k_date"))) {
      List<Integer> keys = keys(keyNames);
      BatchCollector out = AggregateFixture.runSingle(INPUT, keys, calls, batches(4), allocator);
      List<List<Object>> expected = oracle.query(AggregateFixture.query("t", INPUT, keys, calls));
      Rows.assertSameRows(out.rows(), expected);
    }
  }

  @Test
  void rejectsDistinctOutsideSingleMode() {
    List<AggregateCall> calls = List.of(call(AggregateFunction.COUNT, "v_int", true));
    for (AggregationMode mode : List.of(AggregationMode.PARTIAL, AggregationMode.FINAL)) {
      assertThatThrownBy(() -> new HashAggregateOperator(mode, INPUT, List.of(0), calls, allocator))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "DISTINCT aggregate count(DISTINCT v_int) runs only in SINGLE mode; found " + mode);
    }
  }

  @Test
  void globalAggregateOverNoInputHasOneRowInSingleAndFinal() {
    List<AggregateCall> calls =
        List.of(
            AggregateCall.of(AggregateFunction.COUNT, -1, null, false, "c"),
            call(AggregateFunction.COUNT, "v_int"),
            call(AggregateFunction.SUM, "v_dec"),
            call(AggregateFunction.AVG, "v_int"),
            call(AggregateFunction.MIN, "k_varchar"));
    List<Object> expectedRow = Arrays.asList(0L, 0L, null, null, null);
    oracle.load("empty_t", INPUT, List.of());
    List<List<Object>> h2 =
        oracle.query(AggregateFixture.query("empty_t", INPUT, List.of(), calls));
    assertThat(h2).containsExactly(Rows.normalizeRow(expectedRow));

    for (AggregationMode mode : List.of(AggregationMode.SINGLE, AggregationMode.FINAL)) {
      BatchCollector out = new BatchCollector(calls.size());
      try (HashAggregateOperator operator =
          new HashAggregateOperator(mode, INPUT, List.of(), calls, allocator)) {
        operator.finish(out);
      }
      assertThat(out.rows()).as("%s", mode).isEqualTo(h2);
    }

    // An empty batch is no input either.
    BatchCollector single = new BatchCollector(calls.size());
    try (HashAggregateOperator operator =
        new HashAggregateOperator(AggregationMode.SINGLE, INPUT, List.of(), calls, allocator)) {
      operator.push(Batches.fromRows(INPUT, List.of(), allocator), single);
      operator.finish(single);
    }
    assertThat(single.rows()).isEqualTo(h2);

    BatchCollector partial = new BatchCollector(calls.size());
    try (HashAggregateOperator operator =
        new HashAggregateOperator(AggregationMode.PARTIAL, INPUT, List.of(), calls, allocator)) {
      operator.finish(partial);
    }
    assertThat(partial.batchSizes()).isEmpty();

    BatchCollector grouped = new BatchCollector(1 + calls.size());
    try (HashAggregateOperator operator =
        new HashAggregateOperator(AggregationMode.SINGLE, INPUT, List.of(0), calls, allocator)) {
      operator.finish(grouped);
    }
    assertThat(grouped.batchSizes()).isEmpty();
  }

  @Test
  void nullGroupKeysFormOneGroup() {
    Schema schema =
        Schema.of(Field.nullable("k", DataType.VARCHAR), Field.nullable("v", DataType.INT));
    List<List<Object>> input =
        List.of(
            Arrays.asList(null, 1),
            Arrays.asList("x", 2),
            Arrays.asList(null, 3),
            Arrays.asList("x", null),
            Arrays.asList(null, null));
    List<AggregateCall> calls =
        List.of(
            AggregateCall.of(AggregateFunction.COUNT, -1, null, false, "c"),
            AggregateCall.of(AggregateFunction.SUM, 1, DataType.INT, false, "s"));
    BatchCollector out =
        AggregateFixture.runSingle(
            schema,
            List.of(0),
            calls,
            List.of(
                Batches.fromRows(schema, input.subList(0, 2), allocator),
                Batches.fromRows(schema, input.subList(2, 5), allocator)),
            allocator);
    assertThat(Rows.multiset(out.rows()))
        .isEqualTo(Rows.multiset(List.of(Arrays.asList(null, 3L, 4L), Arrays.asList("x", 2L, 2L))));
  }

  @Test
  void emitsBatchesOfAtMostDefaultSize() {
    Schema schema = Schema.of(Field.notNull("k", DataType.BIGINT));
    int groups = Batches.DEFAULT_BATCH_SIZE + 4464;
    List<List<Object>> input = new ArrayList<>();
    for (int i = 0; i < groups * 2; i++) {
      input.add(List.of((long) (i % groups) * 7919));
    }
    List<AggregateCall> calls =
        List.of(AggregateCall.of(AggregateFunction.COUNT, -1, null, false, "c"));
    BatchCollector out =
        AggregateFixture.runSingle(
            schema,
            List.of(0),
            calls,
            RandomBatches.split(schema, input, 50_000, new Random(5), allocator),
            allocator);
    assertThat(out.batchSizes()).containsExactly(Batches.DEFAULT_BATCH_SIZE, 4464);
    Map<Object, Object> counts = new HashMap<>();
    for (List<Object> row : out.rows()) {
      counts.put(row.get(0), row.get(1));
    }
    assertThat(counts).hasSize(groups);
    assertThat(counts.values()).allMatch(count -> count.equals(BigDecimal.valueOf(2)));
  }

  @Test
  void decimalSumsAreExactToTheCentBeyondSixtyFourBits() {
    // Unscaled values near 10^18: a few of them overflow a long, so sums spill to 128 bits.
    Schema schema =
        Schema.of(
            Field.notNull("g", DataType.INT), Field.nullable("amount", DataType.decimal(18, 2)));
    Random random = new Random(7);
    List<List<Object>> input = new ArrayList<>();
    Map<Integer, BigDecimal> sums = new HashMap<>();
    Map<Integer, Integer> counts = new HashMap<>();
    for (int i = 0; i < 3000; i++) {
      int group = random.nextInt(5);
      long unscaled =
          group == 4
              ? (random.nextBoolean() ? 1 : -1) * (999_999_999_999_999_999L - random.nextInt(1000))
              : 900_000_000_000_000_000L + random.nextInt(1_000_000);
      BigDecimal amount = BigDecimal.valueOf(unscaled, 2);
      input.add(List.of(group, amount));
      sums.merge(group, amount, BigDecimal::add);
      counts.merge(group, 1, Integer::sum);
    }
    List<AggregateCall> calls =
        List.of(
            AggregateCall.of(AggregateFunction.SUM, 1, schema.type(1), false, "total"),
            AggregateCall.of(AggregateFunction.AVG, 1, schema.type(1), false, "mean"));
    Map<List<Object>, Integer> expected =
        Rows.multiset(
            sums.keySet().stream()
                .map(
                    group ->
                        List.<Object>of(
                            group,
                            sums.get(group),
                            sums.get(group)
                                .divide(
                                    BigDecimal.valueOf(counts.get(group)),
                                    6,
                                    RoundingMode.HALF_UP)))
                .toList());

    BatchCollector single =
        AggregateFixture.runSingle(
            schema,
            List.of(0),
            calls,
            RandomBatches.split(schema, input, 500, new Random(8), allocator),
            allocator);
    assertThat(Rows.multiset(single.rows())).isEqualTo(expected);

    BatchCollector twoPhase =
        AggregateFixture.runTwoPhase(
            schema,
            List.of(0),
            calls,
            RandomBatches.split(schema, input, 500, new Random(9), allocator),
            3,
            2,
            allocator);
    assertThat(Rows.multiset(twoPhase.rows())).isEqualTo(expected);
  }

  @Test
  void wideDecimalSumsWithoutNullsAreExact() {
    // DECIMAL(30, 4) without NULLs (the high words are read): values inside and beyond a long.
    Schema schema =
        Schema.of(
            Field.notNull("g", DataType.VARCHAR), Field.notNull("amount", DataType.decimal(30, 4)));
    Random random = new Random(13);
    List<List<Object>> input = new ArrayList<>();
    Map<String, BigDecimal> sums = new HashMap<>();
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < 5000; i++) {
      String group = String.valueOf("ANR".charAt(random.nextInt(3)));
      BigInteger unscaled =
          i % 7 == 0
              ? new BigInteger(96, random).negate()
              : BigInteger.valueOf(Long.MAX_VALUE - random.nextInt(1000));
      BigDecimal amount = new BigDecimal(unscaled, 4);
      input.add(List.of(group, amount));
      sums.merge(group, amount, BigDecimal::add);
      counts.merge(group, 1, Integer::sum);
    }
    List<AggregateCall> calls =
        List.of(
            AggregateCall.of(AggregateFunction.SUM, 1, schema.type(1), false, "total"),
            AggregateCall.of(AggregateFunction.COUNT, -1, null, false, "rows"));
    Map<List<Object>, Integer> expected =
        Rows.multiset(
            sums.keySet().stream()
                .map(group -> List.<Object>of(group, sums.get(group), (long) counts.get(group)))
                .toList());
    BatchCollector single =
        AggregateFixture.runSingle(
            schema,
            List.of(0),
            calls,
            RandomBatches.split(schema, input, 700, new Random(14), allocator),
            allocator);
    assertThat(Rows.multiset(single.rows())).isEqualTo(expected);
    BatchCollector twoPhase =
        AggregateFixture.runTwoPhase(
            schema,
            List.of(0),
            calls,
            RandomBatches.split(schema, input, 700, new Random(15), allocator),
            3,
            2,
            allocator);
    assertThat(Rows.multiset(twoPhase.rows())).isEqualTo(expected);
  }

  @Test
  void decimalSumsOfCentsAreExact() {
    Schema schema = Schema.of(Field.notNull("price", DataType.decimal(12, 2)));
    Random random = new Random(11);
    List<List<Object>> input = new ArrayList<>();
    BigDecimal expected = BigDecimal.ZERO.setScale(2);
    for (int i = 0; i < 200_000; i++) {
      BigDecimal price = BigDecimal.valueOf(random.nextInt(10_000_000) + 1, 2);
      input.add(List.of(price));
      expected = expected.add(price);
    }
    List<AggregateCall> calls =
        List.of(AggregateCall.of(AggregateFunction.SUM, 0, schema.type(0), false, "total"));
    BatchCollector out =
        AggregateFixture.runSingle(
            schema,
            List.of(),
            calls,
            RandomBatches.split(schema, input, 40_000, new Random(12), allocator),
            allocator);
    assertThat(out.rows()).hasSize(1);
    assertThat((BigDecimal) out.rows().get(0).get(0)).isEqualByComparingTo(expected);
  }

  @Test
  void decimalSumBeyondThirtyEightDigitsFails() {
    Schema schema = Schema.of(Field.notNull("big", DataType.decimal(38, 0)));
    BigDecimal value = new BigDecimal("90000000000000000000000000000000000000");
    List<AggregateCall> calls =
        List.of(AggregateCall.of(AggregateFunction.SUM, 0, schema.type(0), false, "total"));
    assertThatThrownBy(
            () ->
                AggregateFixture.runSingle(
                    schema,
                    List.of(),
                    calls,
                    List.of(
                        Batches.fromRows(
                            schema, List.of(List.of(value), List.of(value)), allocator)),
                    allocator))
        .isInstanceOfSatisfying(
            LocusException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NUMERIC_OVERFLOW))
        .hasMessage(
            "Decimal overflow: 180000000000000000000000000000000000000 does not fit DECIMAL(38, 0)"
                + " in sum(big)");
  }

  @Test
  void bigintSumOverflowFails() {
    Schema schema = Schema.of(Field.notNull("quantity", DataType.BIGINT));
    List<AggregateCall> calls =
        List.of(AggregateCall.of(AggregateFunction.SUM, 0, schema.type(0), false, "total"));
    assertThatThrownBy(
            () ->
                AggregateFixture.runSingle(
                    schema,
                    List.of(),
                    calls,
                    List.of(
                        Batches.fromRows(
                            schema, List.of(List.of(Long.MAX_VALUE), List.of(1L)), allocator)),
                    allocator))
        .isInstanceOfSatisfying(
            LocusException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NUMERIC_OVERFLOW))
        .hasMessage(
            "BIGINT overflow in sum(quantity): 9223372036854775808 is outside the BIGINT range"
                + " [-9223372036854775808, 9223372036854775807]");
  }

  @Test
  void averageOfBigintsIsExactBeyondSixtyFourBits() {
    Schema schema = Schema.of(Field.notNull("v", DataType.BIGINT));
    List<AggregateCall> calls =
        List.of(AggregateCall.of(AggregateFunction.AVG, 0, schema.type(0), false, "mean"));
    BatchCollector out =
        AggregateFixture.runTwoPhase(
            schema,
            List.of(),
            calls,
            List.of(
                Batches.fromRows(
                    schema,
                    List.of(List.of(Long.MAX_VALUE), List.of(Long.MAX_VALUE - 2)),
                    allocator)),
            1,
            1,
            allocator);
    assertThat(out.rows()).containsExactly(List.of(Rows.normalize((double) (Long.MAX_VALUE - 1))));
  }

  @Test
  void intermediateSchemaListsStatesAfterGroupColumns() {
    List<AggregateCall> calls =
        List.of(
            AggregateCall.of(AggregateFunction.COUNT, -1, null, false, "c"),
            call(AggregateFunction.SUM, "v_int"),
            call(AggregateFunction.AVG, "v_dec"),
            call(AggregateFunction.MAX, "k_varchar"));
    Schema intermediate = HashAggregateOperator.intermediateSchema(INPUT, List.of(2), calls);
    assertThat(intermediate.fields())
        .containsExactly(
            INPUT.field(2),
            Field.notNull("c$count", DataType.BIGINT),
            Field.nullable("sum_v_int$sum", DataType.BIGINT),
            Field.nullable("avg_v_dec$sum", DataType.decimal(38, 2)),
            Field.notNull("avg_v_dec$count", DataType.BIGINT),
            Field.nullable("max_k_varchar$max", DataType.VARCHAR));
  }

  @Test
  void rejectsACallWhoseTypeDoesNotMatchItsArgument() {
    AggregateCall wrong =
        new AggregateCall(
            AggregateFunction.SUM, INPUT.indexOf("v_dec", "test"), false, DataType.DOUBLE, "s");
    assertThatThrownBy(
            () ->
                new HashAggregateOperator(
                    AggregationMode.SINGLE, INPUT, List.of(), List.of(wrong), allocator))
        .isInstanceOfSatisfying(
            LocusException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TYPE_MISMATCH))
        .hasMessage(
            "Aggregate sum(v_dec) has result type DOUBLE; over its argument it must be"
                + " DECIMAL(38, 2)");
  }
}
