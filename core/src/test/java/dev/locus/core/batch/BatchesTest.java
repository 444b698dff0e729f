package dev.locus.core.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.locus.core.error.LocusException;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Field;
import dev.locus.core.type.Schema;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Batches#gather} and {@link Batches#slice} against a plain reference: row i of the result
 * is {@link Vectors#getObject} of the selected source row, or NULL for a negative row. Every column
 * type, with and without NULLs, over selections that take the run (bulk copy) and the row paths.
 */
class BatchesTest {
  private static final Schema SCHEMA =
      Schema.of(
          Field.nullable("flag", DataType.BOOLEAN),
          Field.nullable("i", DataType.INT),
          Field.nullable("l", DataType.BIGINT),
          Field.nullable("d", DataType.DOUBLE),
          Field.nullable("price", DataType.decimal(15, 2)),
          Field.nullable("big", DataType.decimal(38, 4)),
          Field.nullable("s", DataType.VARCHAR),
          Field.nullable("day", DataType.DATE),
          Field.nullable("ts", DataType.TIMESTAMP));

  private final BufferAllocator allocator = new RootAllocator();

  @AfterEach
  void closeAllocator() {
    allocator.close();
  }

  static Stream<Arguments> batches() {
    List<Arguments> arguments = new ArrayList<>();
    for (int rows : new int[] {1, 7, 64, 65, 1000, 64 * 1024}) {
      for (boolean nulls : new boolean[] {false, true}) {
        arguments.add(Arguments.of(rows, nulls));
      }
    }
    return arguments.stream();
  }

  @ParameterizedTest(name = "{0} rows, nulls {1}")
  @MethodSource("batches")
  void gathersEverySelectionLikeTheReference(int rowCount, boolean nulls) {
    try (VectorSchemaRoot source = batch(rowCount, nulls, 1)) {
      for (int[] rows : selections(rowCount, new Random(rowCount))) {
        assertGather(source, rows, rows.length);
      }
    }
  }

  @ParameterizedTest(name = "{0} rows, nulls {1}")
  @MethodSource("batches")
  void slicesLikeTheReference(int rowCount, boolean nulls) {
    try (VectorSchemaRoot source = batch(rowCount, nulls, 2)) {
      int[][] ranges = {
        {0, rowCount},
        {0, 0},
        {rowCount, 0},
        {0, 1},
        {rowCount - 1, 1},
        {rowCount / 3, rowCount / 2}
      };
      for (int[] range : ranges) {
        int offset = range[0];
        int count = range[1];
        try (VectorSchemaRoot slice = Batches.slice(source, offset, count, allocator)) {
          assertThat(slice.getRowCount()).isEqualTo(count);
          for (int column = 0; column < SCHEMA.fields().size(); column++) {
            FieldVector vector = slice.getVector(column);
            assertThat(vector.getValueCount()).isEqualTo(count);
            List<Object> expected = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
              expected.add(Vectors.getObject(source.getVector(column), offset + i));
            }
            assertThat(values(vector))
                .as("column %s of slice [%s, +%s)", column, offset, count)
                .isEqualTo(expected);
          }
          assertNullCounts(slice);
        }
      }
    }
  }

  @Test
  void gathersFromSeveralSourcesLikeTheReference() {
    Random random = new Random(7);
    List<VectorSchemaRoot> sources = new ArrayList<>();
    try {
      int[] sizes = {1, 100, 64 * 1024, 0, 3000};
      for (int batch = 0; batch < sizes.length; batch++) {
        sources.add(batch(sizes[batch], batch % 2 == 1, 10 + batch));
      }
      List<long[]> referenceLists = new ArrayList<>();
      // Scattered references over all sources.
      long[] scattered = new long[20_000];
      for (int i = 0; i < scattered.length; i++) {
        int batch;
        do {
          batch = random.nextInt(sizes.length);
        } while (sizes[batch] == 0);
        scattered[i] = Batches.rowReference(batch, random.nextInt(sizes[batch]));
      }
      referenceLists.add(scattered);
      // Runs of consecutive rows of one source after another, as a merge produces.
      long[] runs = new long[sizes[2] + sizes[4] + sizes[1]];
      int at = 0;
      for (int batch : new int[] {2, 4, 1}) {
        for (int row = 0; row < sizes[batch]; row++) {
          runs[at++] = Batches.rowReference(batch, row);
        }
      }
      referenceLists.add(runs);
      referenceLists.add(new long[0]);
      referenceLists.add(new long[] {Batches.rowReference(0, 0)});
      // Only sources without NULLs.
      referenceLists.add(
          new long[] {Batches.rowReference(2, 5), Batches.rowReference(0, 0), 0L, 2L << 32});

      for (long[] references : referenceLists) {
        for (int from : new int[] {0, Math.min(3, references.length)}) {
          int count = references.length - from;
          try (VectorSchemaRoot result =
              Batches.gather(SCHEMA, sources, references, from, count, allocator)) {
            assertThat(result.getRowCount()).isEqualTo(count);
            for (int column = 0; column < SCHEMA.fields().size(); column++) {
              FieldVector vector = result.getVector(column);
              assertThat(vector.getValueCount()).isEqualTo(count);
              List<Object> expected = new ArrayList<>(count);
              for (int i = 0; i < count; i++) {
                long reference = references[from + i];
                expected.add(
                    Vectors.getObject(
                        sources.get(Batches.referencedBatch(reference)).getVector(column),
                        Batches.referencedRow(reference)));
              }
              assertThat(values(vector)).as("column %s", column).isEqualTo(expected);
            }
            assertNullCounts(result);
          }
        }
      }
    } finally {
      Batches.closeAll(sources);
    }
  }

  @Test
  void gathersIntoSingleVectorsWithNullRows() {
    try (VectorSchemaRoot source = batch(100, true, 3)) {
      int[] rows = {-1, -1, 5, 6, 7, 8, 9, -1, 0, 99, -1};
      for (int column = 0; column < SCHEMA.fields().size(); column++) {
        FieldVector from = source.getVector(column);
        try (FieldVector to = from.getField().createVector(allocator)) {
          Batches.gather(from, rows, rows.length, to);
          assertThat(to.getValueCount()).isEqualTo(rows.length);
          for (int i = 0; i < rows.length; i++) {
            assertThat(Vectors.getObject(to, i))
                .isEqualTo(rows[i] < 0 ? null : Vectors.getObject(from, rows[i]));
          }
        }
      }
    }
  }

  @Test
  void gathersOnlyNullRowsFromAnEmptySource() {
    try (VectorSchemaRoot source = batch(0, false, 4)) {
      int[] rows = new int[70];
      Arrays.fill(rows, -1);
      assertGather(source, rows, rows.length);
      assertGather(source, rows, 3);
    }
  }

  @Test
  void rejectsRowsOutsideTheSource() {
    try (VectorSchemaRoot source = batch(10, false, 5)) {
      assertThatThrownBy(() -> Batches.gather(source, new int[] {3, 10}, 2, allocator))
          .isInstanceOf(LocusException.class)
          .hasMessage("Gather row must be less than the 10 rows of column 'flag'; found 10");
      assertThatThrownBy(() -> Batches.gather(source, new int[] {3}, 2, allocator))
          .isInstanceOf(LocusException.class)
          .hasMessage("Gather count must be between 0 and the 1 rows given; found 2");
      assertThatThrownBy(
              () ->
                  Batches.gather(
                      source, new int[] {Integer.MAX_VALUE - 1, Integer.MAX_VALUE}, 2, allocator))
          .isInstanceOf(LocusException.class)
          .hasMessage(
              "Gather row must be less than the 10 rows of column 'flag'; found 2147483647");
      assertThatThrownBy(() -> Batches.slice(source, 5, 6, allocator))
          .isInstanceOf(LocusException.class)
          .hasMessage("Slice [5, 11) must lie within the 10 rows of the batch");
      assertThatThrownBy(
              () ->
                  Batches.gather(
                      SCHEMA,
                      List.of(source),
                      new long[] {Batches.rowReference(1, 0)},
                      0,
                      1,
                      allocator))
          .isInstanceOf(LocusException.class)
          .hasMessage(
              "Gather reference must name a row of one of the 1 sources; found batch 1, row 0");
    }
  }

  private void assertGather(VectorSchemaRoot source, int[] rows, int count) {
    try (VectorSchemaRoot result = Batches.gather(source, rows, count, allocator)) {
      assertThat(result.getRowCount()).isEqualTo(count);
      for (int column = 0; column < SCHEMA.fields().size(); column++) {
        FieldVector vector = result.getVector(column);
        FieldVector from = source.getVector(column);
        assertThat(vector.getValueCount()).isEqualTo(count);
        List<Object> expected = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
          expected.add(rows[i] < 0 ? null : Vectors.getObject(from, rows[i]));
        }
        assertThat(values(vector))
            .as("column %s of %s selected", column, count)
            .isEqualTo(expected);
      }
      assertNullCounts(result);
    }
  }

  private static List<Object> values(FieldVector vector) {
    List<Object> values = new ArrayList<>(vector.getValueCount());
    for (int i = 0; i < vector.getValueCount(); i++) {
      values.add(Vectors.getObject(vector, i));
    }
    return values;
  }

  /** The validity bitmaps hold exactly the NULLs of the rows (no stray bits). */
  private static void assertNullCounts(VectorSchemaRoot result) {
    for (FieldVector vector : result.getFieldVectors()) {
      int nulls = 0;
      for (int i = 0; i < vector.getValueCount(); i++) {
        if (Vectors.getObject(vector, i) == null) {
          nulls++;
        }
      }
      assertThat(vector.getNullCount()).isEqualTo(nulls);
    }
  }

  /** All rows, no rows, long runs, short runs, scattered rows with repeats, NULL rows. */
  private static List<int[]> selections(int rowCount, Random random) {
    List<int[]> selections = new ArrayList<>();
    selections.add(range(0, rowCount));
    selections.add(new int[0]);
    selections.add(new int[] {rowCount - 1});
    // A filter keeping about 98% of the rows: long runs.
    selections.add(filter(rowCount, random, 0.98));
    // About half: runs too short to pay.
    selections.add(filter(rowCount, random, 0.5));
    selections.add(filter(rowCount, random, 0.02));
    // A few long ranges, out of order, one repeated.
    int third = rowCount / 3;
    selections.add(concat(range(2 * third, rowCount), range(0, third), range(0, third)));
    // Scattered with repeats, reversed.
    int[] scattered = new int[Math.max(rowCount, 5)];
    for (int i = 0; i < scattered.length; i++) {
      scattered[i] = random.nextInt(rowCount);
    }
    selections.add(scattered);
    int[] reversed = new int[rowCount];
    for (int i = 0; i < rowCount; i++) {
      reversed[i] = rowCount - 1 - i;
    }
    selections.add(reversed);
    // Runs broken by NULL rows, and NULL runs.
    int[] withNulls = range(0, rowCount);
    for (int i = 0; i < withNulls.length; i += 97) {
      withNulls[i] = -1;
    }
    selections.add(concat(new int[] {-1, -1, -1, -1, -1, -1, -1, -1, -1}, withNulls));
    // Negative rows that count up into real ones still make NULLs.
    selections.add(concat(new int[] {-3, -2, -1}, range(0, rowCount)));
    int[] scatteredNulls = scattered.clone();
    for (int i = 0; i < scatteredNulls.length; i += 3) {
      scatteredNulls[i] = -1;
    }
    selections.add(scatteredNulls);
    return selections;
  }

  private static int[] filter(int rowCount, Random random, double keep) {
    int[] rows = new int[rowCount];
    int count = 0;
    for (int row = 0; row < rowCount; row++) {
      if (random.nextDouble() < keep) {
        rows[count++] = row;
      }
    }
    return Arrays.copyOf(rows, count);
  }

  private static int[] range(int from, int to) {
    int[] rows = new int[Math.max(to - from, 0)];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = from + i;
    }
    return rows;
  }

  private static int[] concat(int[]... parts) {
    int[] all = new int[Arrays.stream(parts).mapToInt(part -> part.length).sum()];
    int at = 0;
    for (int[] part : parts) {
      System.arraycopy(part, 0, all, at, part.length);
      at += part.length;
    }
    return all;
  }

  /** A batch of {@link #SCHEMA} with random values, about one in five NULL when asked. */
  private VectorSchemaRoot batch(int rowCount, boolean nulls, long seed) {
    Random random = new Random(seed);
    List<List<Object>> rows = new ArrayList<>(rowCount);
    for (int row = 0; row < rowCount; row++) {
      List<Object> values = new ArrayList<>();
      values.add(random.nextBoolean());
      values.add(random.nextInt());
      values.add(random.nextLong());
      values.add(random.nextDouble() * 1000);
      values.add(BigDecimal.valueOf(random.nextInt(1_000_000_000), 2));
      values.add(
          new BigDecimal(random.nextLong()).multiply(BigDecimal.valueOf(97)).movePointLeft(4));
      values.add(string(random));
      values.add(LocalDate.ofEpochDay(random.nextInt(20_000)));
      values.add(LocalDateTime.of(2020, 1, 1, 0, 0).plusSeconds(random.nextInt(1_000_000_000)));
      if (nulls) {
        for (int column = 0; column < values.size(); column++) {
          if (random.nextInt(5) == 0) {
            values.set(column, null);
          }
        }
      }
      rows.add(values);
    }
    return Batches.fromRows(SCHEMA, rows, allocator);
  }

  /** Empty, short and long (over 8 bytes) strings, some not ASCII. */
  private static String string(Random random) {
    int length = random.nextInt(4) == 0 ? random.nextInt(40) : random.nextInt(6);
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < length; i++) {
      text.append(random.nextInt(10) == 0 ? 'é' : (char) ('a' + random.nextInt(26)));
    }
    return text.toString();
  }
}
