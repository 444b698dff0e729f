package dev.locus.operators.sort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.locus.core.batch.Batches;
import dev.locus.core.error.LocusException;
import dev.locus.core.plan.SortKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
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

class SortedMergeTest {
  private static SortTestData data;
  private RootAllocator allocator;

  @BeforeAll
  static void loadData() throws Exception {
    data = SortTestData.random(3000, 44);
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
            "i ASC NULLS LAST",
            "s DESC NULLS FIRST, b ASC NULLS LAST",
            "m DESC NULLS LAST, dt ASC NULLS FIRST, f ASC NULLS LAST",
            "d ASC NULLS FIRST, ts DESC NULLS FIRST")) {
      for (int partitions : new int[] {1, 4, 9}) {
        for (long limit : new long[] {Long.MAX_VALUE, 0, 1, 250}) {
          cases.add(Arguments.of(orderBy, partitions, limit));
        }
      }
    }
    return cases.build();
  }

  @ParameterizedTest
  @MethodSource("cases")
  void mergeOfSortedPartitionsEqualsOneSort(String orderBy, int partitions, long limit)
      throws Exception {
    List<SortKey> keys = SortTestData.keys(orderBy);
    SortTestData.Collector out = new SortTestData.Collector();

    SortedMerge.merge(
        sortedRuns(data, keys, partitions, 300), keys, SortTestData.SCHEMA, limit, allocator, out);

    assertThat(SortTestData.keyColumns(out.rows, keys))
        .containsExactlyElementsOf(SortTestData.keyColumns(data.query(orderBy, limit), keys));
  }

  @Test
  void mergesManyBatchesIntoDefaultSizedOutput() throws Exception {
    int rows = 2 * Batches.DEFAULT_BATCH_SIZE + 77;
    try (SortTestData big = SortTestData.random(rows, 13)) {
      String orderBy = "s ASC NULLS LAST, id DESC NULLS LAST";
      List<SortKey> keys = SortTestData.keys(orderBy);
      SortTestData.Collector out = new SortTestData.Collector();

      SortedMerge.merge(
          sortedRuns(big, keys, 3, 10_000),
          keys,
          SortTestData.SCHEMA,
          Long.MAX_VALUE,
          allocator,
          out);

      assertThat(out.batchSizes)
          .containsExactly(Batches.DEFAULT_BATCH_SIZE, Batches.DEFAULT_BATCH_SIZE, 77);
      assertThat(out.rows).containsExactlyElementsOf(big.query(orderBy, Long.MAX_VALUE));
    }
  }

  /**
   * Deals the rows to {@code partitions} at random, sorts each partition with {@link SortOperator},
   * and cuts each sorted output into batches of random sizes (some empty).
   */
  private List<List<VectorSchemaRoot>> sortedRuns(
      SortTestData source, List<SortKey> keys, int partitions, int maxBatchSize) {
    Random random = new Random(partitions);
    List<List<List<Object>>> dealt = new ArrayList<>();
    for (int partition = 0; partition < partitions; partition++) {
      dealt.add(new ArrayList<>());
    }
    for (List<Object> row : source.rows) {
      dealt.get(random.nextInt(partitions)).add(row);
    }
    List<List<VectorSchemaRoot>> runs = new ArrayList<>();
    for (List<List<Object>> rows : dealt) {
      List<VectorSchemaRoot> sorted = new ArrayList<>();
      try (SortOperator sort = new SortOperator(keys, SortTestData.SCHEMA, allocator)) {
        sort.push(Batches.fromRows(SortTestData.SCHEMA, rows, allocator), sorted::add);
        sort.finish(sorted::add);
      }
      List<VectorSchemaRoot> run = new ArrayList<>();
      for (VectorSchemaRoot batch : sorted) {
        try (batch) {
          int start = 0;
          while (start < batch.getRowCount()) {
            int size = Math.min(batch.getRowCount() - start, random.nextInt(maxBatchSize + 1));
            run.add(Batches.slice(batch, start, size, allocator));
            start += size;
          }
        }
      }
      runs.add(run);
    }
    runs.add(List.of());
    return runs;
  }

  @Test
  void closesRunsWhenLimitIsInvalid() {
    List<SortKey> keys = SortTestData.keys("i ASC NULLS LAST");
    List<List<VectorSchemaRoot>> runs = sortedRuns(data, keys, 2, 500);

    assertThatThrownBy(
            () ->
                SortedMerge.merge(
                    runs, keys, SortTestData.SCHEMA, -1, allocator, batch -> batch.close()))
        .isInstanceOf(LocusException.class)
        .hasMessage("Merge limit must be non-negative; found -1");
    assertThat(allocator.getAllocatedMemory()).isZero();
  }
}
