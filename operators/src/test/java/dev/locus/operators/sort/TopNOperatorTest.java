package dev.locus.operators.sort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.locus.core.batch.Batches;
import dev.locus.core.error.LocusException;
import dev.locus.core.plan.SortKey;
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
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TopNOperatorTest {
  private static SortTestData data;
  private RootAllocator allocator;

  @BeforeAll
  static void loadData() throws Exception {
    data = SortTestData.random(3000, 43);
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
    allocator.close();
  }

  static Stream<Arguments> cases() {
    Stream.Builder<Arguments> cases = Stream.builder();
    for (String orderBy :
        List.of(
            "b DESC NULLS FIRST",
            "s ASC NULLS LAST",
            "m ASC NULLS FIRST, ts DESC NULLS LAST",
            "f DESC NULLS LAST, d ASC NULLS FIRST, i DESC NULLS LAST")) {
      for (long count : new long[] {0, 1, 17, 1000, 3000, 5000}) {
        cases.add(Arguments.of(orderBy, count));
      }
    }
    return cases.build();
  }

  @ParameterizedTest
  @MethodSource("cases")
  void equalsSortThenLimit(String orderBy, long count) throws Exception {
    List<SortKey> keys = SortTestData.keys(orderBy);
    SortTestData.Collector out = topN(data, keys, count, 600);

    assertThat(SortTestData.keyColumns(out.rows, keys))
        .containsExactlyElementsOf(SortTestData.keyColumns(data.query(orderBy, count), keys));
  }

  @Test
  void compactsInBoundedMemoryAcrossManyBatches() throws Exception {
    // More rows than max(2 * count, one batch): the buffer is compacted several times, and the
    // survivors span more than one output batch.
    int rows = 3 * Batches.DEFAULT_BATCH_SIZE;
    try (SortTestData big = SortTestData.random(rows, 12)) {
      for (long count : new long[] {10, Batches.DEFAULT_BATCH_SIZE + 5}) {
        String orderBy = "i ASC NULLS FIRST, b DESC NULLS LAST, id ASC NULLS LAST";
        SortTestData.Collector out = topN(big, SortTestData.keys(orderBy), count, 20_000);

        assertThat(out.rows).containsExactlyElementsOf(big.query(orderBy, count));
        assertThat(out.batchSizes)
            .isEqualTo(count == 10 ? List.of(10) : List.of(Batches.DEFAULT_BATCH_SIZE, 5));
      }
    }
  }

  private SortTestData.Collector topN(
      SortTestData source, List<SortKey> keys, long count, int maxBatchSize) {
    SortTestData.Collector out = new SortTestData.Collector();
    try (TopNOperator topN = new TopNOperator(keys, count, SortTestData.SCHEMA, allocator)) {
      for (VectorSchemaRoot batch : source.batches(allocator, 9, maxBatchSize)) {
        topN.push(batch, out);
        assertThat(out.batchSizes).isEmpty();
      }
      topN.finish(out);
    }
    return out;
  }

  @Test
  void rejectsNegativeCount() {
    assertThatThrownBy(
            () ->
                new TopNOperator(List.of(SortKey.ascending(0)), -3, SortTestData.SCHEMA, allocator))
        .isInstanceOf(LocusException.class)
        .hasMessage("TopN count must be non-negative; found -3");
  }
}
