package dev.locus.operators.sort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.locus.core.batch.Batches;
import dev.locus.core.error.LocusException;
import dev.locus.core.plan.SortKey;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Field;
import dev.locus.core.type.Schema;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SortOperatorTest {
  private static SortTestData data;
  private RootAllocator allocator;

  @BeforeAll
  static void loadData() throws Exception {
    data = SortTestData.random(3000, 42);
  }

  @AfterAll
  static void dropData() throws Exception {
    data.close();
  }

  @BeforeEach
  void createAllocator() {
    allocator = new RootAllocator();
  }

  @AfterEach
  void closeAllocator() {
    // Fails on leaks.
    allocator.close();
  }

  static Stream<String> orderings() {
    return Stream.of(
        "i ASC NULLS LAST",
        "i DESC NULLS FIRST",
        "b DESC NULLS FIRST",
        "b ASC NULLS FIRST",
        "d ASC NULLS FIRST",
        "d DESC NULLS LAST",
        "m ASC NULLS LAST",
        "m DESC NULLS FIRST",
        "s ASC NULLS FIRST",
        "s DESC NULLS LAST",
        "dt ASC NULLS LAST",
        "ts DESC NULLS FIRST",
        "f ASC NULLS LAST",
        "f DESC NULLS FIRST",
        "s ASC NULLS FIRST, d DESC NULLS LAST",
        "m DESC NULLS LAST, dt ASC NULLS FIRST, ts ASC NULLS LAST",
        "f ASC NULLS LAST, s DESC NULLS LAST, i ASC NULLS FIRST",
        "ts DESC NULLS FIRST, b ASC NULLS LAST",
        "dt DESC NULLS LAST, f DESC NULLS FIRST, m ASC NULLS FIRST, s ASC NULLS LAST");
  }

  @ParameterizedTest
  @MethodSource("orderings")
  void sortsKeyColumnsAsH2Does(String orderBy) throws Exception {
    List<SortKey> keys = SortTestData.keys(orderBy);
    SortTestData.Collector out = sort(keys, 500);

    assertThat(SortTestData.keyColumns(out.rows, keys))
        .containsExactlyElementsOf(
            SortTestData.keyColumns(data.query(orderBy, Long.MAX_VALUE), keys));
  }

  @ParameterizedTest
  @MethodSource("orderings")
  void sortsWholeRowsAsH2DoesWithUniqueTieBreaker(String orderBy) throws Exception {
    String total = orderBy + ", id DESC NULLS LAST";
    SortTestData.Collector out = sort(SortTestData.keys(total), 700);

    assertThat(out.rows).containsExactlyElementsOf(data.query(total, Long.MAX_VALUE));
    assertThat(out.batchSizes).containsExactly(3000);
  }

  private SortTestData.Collector sort(List<SortKey> keys, int maxBatchSize) {
    SortTestData.Collector out = new SortTestData.Collector();
    try (SortOperator sort = new SortOperator(keys, SortTestData.SCHEMA, allocator)) {
      for (VectorSchemaRoot batch : data.batches(allocator, 7, maxBatchSize)) {
        sort.push(batch, out);
      }
      sort.finish(out);
    }
    return out;
  }

  @Test
  void emitsBatchesOfAtMostTheDefaultSize() throws Exception {
    int count = 2 * Batches.DEFAULT_BATCH_SIZE + 1234;
    try (SortTestData big = SortTestData.random(count, 11)) {
      String orderBy = "b DESC NULLS LAST, id ASC NULLS LAST";
      SortTestData.Collector out = new SortTestData.Collector();
      try (SortOperator sort =
          new SortOperator(SortTestData.keys(orderBy), SortTestData.SCHEMA, allocator)) {
        for (VectorSchemaRoot batch : big.batches(allocator, 3, 40_000)) {
          sort.push(batch, out);
        }
        sort.finish(out);
      }

      assertThat(out.batchSizes)
          .containsExactly(Batches.DEFAULT_BATCH_SIZE, Batches.DEFAULT_BATCH_SIZE, 1234);
      assertThat(out.rows).containsExactlyElementsOf(big.query(orderBy, Long.MAX_VALUE));
    }
  }

  @Test
  void ordersDoublesAsDoubleCompare() {
    Schema schema = Schema.of(Field.nullable("x", DataType.DOUBLE));
    List<Double> values =
        Arrays.asList(
            Double.NaN,
            0.0,
            -0.0,
            1.5,
            -1.5,
            null,
            Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY,
            Double.MIN_VALUE,
            -Double.MIN_VALUE,
            Double.MAX_VALUE,
            -Double.MAX_VALUE,
            null,
            0.0,
            Double.longBitsToDouble(0x7ff0000000000abcL),
            -0.0);
    List<List<Object>> rows = new ArrayList<>();
    for (Double value : values) {
      rows.add(Arrays.asList((Object) value));
    }

    List<Object> ascending = sortSingleColumn(schema, rows, new SortKey(0, true, true));
    List<Object> descending = sortSingleColumn(schema, rows, new SortKey(0, false, false));

    List<Double> expected = new ArrayList<>(values);
    expected.sort(Comparator.nullsFirst(Double::compare));
    assertThat(ascending).containsExactlyElementsOf(expected);
    expected.sort(Comparator.nullsLast(Comparator.<Double>naturalOrder().reversed()));
    assertThat(descending).containsExactlyElementsOf(expected);
  }

  @Test
  void ordersStringsByUnsignedUtf8Bytes() {
    Schema schema = Schema.of(Field.nullable("x", DataType.VARCHAR));
    // U+FFFD sorts before a supplementary character in UTF-8 but after it in UTF-16.
    List<String> values =
        Arrays.asList(
            "\uFFFD",
            "\uD83D\uDE00",
            "abcdefghij",
            "abcdefgh",
            "abcdefgh\u0000",
            "",
            null,
            "abcdefgi",
            "\u00e9",
            "z",
            "Z",
            "abcdefghijklmnopqrstuvwxyz",
            "abcdefghijklmnopqrstuvwxy",
            "abcdefghijklmnopqrstuvwxyz\u00ff",
            "abcdefghijklmnopqrstuvwxyz~");
    List<List<Object>> rows = new ArrayList<>();
    for (String value : values) {
      rows.add(Arrays.asList((Object) value));
    }

    List<Object> sorted = sortSingleColumn(schema, rows, new SortKey(0, true, false));

    List<String> expected = new ArrayList<>(values);
    expected.sort(
        Comparator.nullsLast(
            (left, right) ->
                Arrays.compareUnsigned(
                    left.getBytes(StandardCharsets.UTF_8),
                    right.getBytes(StandardCharsets.UTF_8))));
    assertThat(sorted).containsExactlyElementsOf(expected);
  }

  private List<Object> sortSingleColumn(Schema schema, List<List<Object>> rows, SortKey key) {
    SortTestData.Collector out = new SortTestData.Collector();
    try (SortOperator sort = new SortOperator(List.of(key), schema, allocator)) {
      int half = rows.size() / 2;
      sort.push(Batches.fromRows(schema, rows.subList(0, half), allocator), out);
      sort.push(Batches.fromRows(schema, rows.subList(half, rows.size()), allocator), out);
      sort.finish(out);
    }
    List<Object> column = new ArrayList<>();
    for (List<Object> row : out.rows) {
      column.add(row.get(0));
    }
    return column;
  }

  @Test
  void emitsNothingForEmptyInput() {
    SortTestData.Collector out = new SortTestData.Collector();
    try (SortOperator sort =
        new SortOperator(SortTestData.keys("i ASC NULLS LAST"), SortTestData.SCHEMA, allocator)) {
      sort.push(Batches.allocate(SortTestData.SCHEMA, allocator, 1), out);
      sort.finish(out);
    }
    assertThat(out.batchSizes).isEmpty();
  }

  @Test
  void closeReleasesBufferedInputWithoutFinish() {
    SortOperator sort =
        new SortOperator(SortTestData.keys("i ASC NULLS LAST"), SortTestData.SCHEMA, allocator);
    for (VectorSchemaRoot batch : data.batches(allocator, 5, 1000)) {
      sort.push(batch, new SortTestData.Collector());
    }
    sort.close();
    sort.close();
    assertThat(allocator.getAllocatedMemory()).isZero();
  }

  @Test
  void rejectsKeyColumnOutOfRange() {
    Schema schema = Schema.of(Field.nullable("a", DataType.INT), Field.nullable("b", DataType.INT));
    assertThatThrownBy(() -> new SortOperator(List.of(SortKey.ascending(2)), schema, allocator))
        .isInstanceOf(LocusException.class)
        .hasMessage("Sort key column 2 is out of range; the input has 2 columns: [a, b]");
  }

  @Test
  void rejectsObjectKeyColumn() {
    Schema schema = Schema.objects("row");
    assertThatThrownBy(() -> new SortOperator(List.of(SortKey.ascending(0)), schema, allocator))
        .isInstanceOf(LocusException.class)
        .hasMessage(
            "Sort key column 'row' has type OBJECT, which has no order; sortable types: "
                + "[BOOLEAN, INT, BIGINT, DOUBLE, DECIMAL, VARCHAR, DATE, TIMESTAMP]");
  }
}
