package dev.locus.operators.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.locus.core.batch.Batches;
import dev.locus.core.error.LocusException;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Field;
import dev.locus.core.type.Schema;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LimitOperatorTest {
  private static final Schema SCHEMA =
      Schema.of(Field.notNull("id", DataType.BIGINT), Field.nullable("name", DataType.VARCHAR));
  private static final int[] BATCH_SIZES = {5, 0, 7, 1, 10, 3};

  private RootAllocator allocator;

  @BeforeEach
  void createAllocator() {
    allocator = new RootAllocator();
  }

  @AfterEach
  void closeAllocator() {
    allocator.close();
  }

  private List<List<Object>> allRows() {
    List<List<Object>> rows = new ArrayList<>();
    int total = 0;
    for (int size : BATCH_SIZES) {
      total += size;
    }
    for (long id = 0; id < total; id++) {
      rows.add(java.util.Arrays.asList(id, id % 4 == 0 ? null : "row " + id));
    }
    return rows;
  }

  @ParameterizedTest
  @CsvSource({
    "0, 0",
    "0, 3",
    "0, 5",
    "0, 6",
    "0, 26",
    "0, 100",
    "2, 2",
    "4, 3",
    "5, 7",
    "6, 1",
    "11, 12",
    "12, 100",
    "25, 1",
    "26, 5",
    "40, 5",
    "3, 9223372036854775807"
  })
  void passesTheRowsOfTheWindowAcrossBatchBoundaries(long offset, long count) {
    List<List<Object>> rows = allRows();
    List<List<Object>> passed = new ArrayList<>();
    List<Boolean> satisfiedAfterPush = new ArrayList<>();
    try (LimitOperator limit = new LimitOperator(offset, count, allocator)) {
      int start = 0;
      for (int size : BATCH_SIZES) {
        VectorSchemaRoot batch =
            Batches.fromRows(SCHEMA, rows.subList(start, start + size), allocator);
        start += size;
        limit.push(
            batch,
            out -> {
              try (out) {
                assertThat(out.getRowCount()).isPositive();
                passed.addAll(Batches.toRows(out));
              }
            });
        satisfiedAfterPush.add(limit.isSatisfied());
      }
      limit.finish(out -> out.close());
    }

    int from = (int) Math.min(offset, rows.size());
    int to = (int) Math.min(rows.size(), from + Math.min(count, rows.size()));
    assertThat(passed).containsExactlyElementsOf(rows.subList(from, to));
    // Satisfied exactly once count rows have passed.
    int seen = 0;
    for (int i = 0; i < BATCH_SIZES.length; i++) {
      seen += BATCH_SIZES[i];
      assertThat(satisfiedAfterPush.get(i)).isEqualTo(seen - offset >= count);
    }
  }

  @Test
  void passesWholeBatchesInsideTheWindowUntouched() {
    VectorSchemaRoot first = Batches.fromRows(SCHEMA, allRows().subList(0, 5), allocator);
    VectorSchemaRoot second = Batches.fromRows(SCHEMA, allRows().subList(5, 9), allocator);
    List<VectorSchemaRoot> passed = new ArrayList<>();
    try (LimitOperator limit = new LimitOperator(0, 9, allocator)) {
      limit.push(first, passed::add);
      limit.push(second, passed::add);
    }
    assertThat(passed).containsExactly(first, second);
    Batches.closeAll(passed);
  }

  @Test
  void rejectsNegativeOffsetOrCount() {
    assertThatThrownBy(() -> new LimitOperator(-1, 5, allocator))
        .isInstanceOf(LocusException.class)
        .hasMessage("Limit offset and count must be non-negative; found offset -1, count 5");
    assertThatThrownBy(() -> new LimitOperator(0, -2, allocator))
        .isInstanceOf(LocusException.class)
        .hasMessage("Limit offset and count must be non-negative; found offset 0, count -2");
  }
}
