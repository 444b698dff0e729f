package dev.locus.core.source.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.locus.core.batch.Batches;
import dev.locus.core.error.LocusException;
import dev.locus.core.source.BatchReader;
import dev.locus.core.source.SourceSplit;
import dev.locus.core.source.tpch.TpchSource;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Field;
import dev.locus.core.type.Schema;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;

class ArrowMemorySourceTest {
  private static final Schema SCHEMA =
      Schema.of(
          Field.nullable("id", DataType.BIGINT),
          Field.nullable("name", DataType.VARCHAR),
          Field.notNull("price", DataType.decimal(15, 2)),
          Field.nullable("day", DataType.DATE));

  private static List<List<Object>> rows(int from, int to) {
    List<List<Object>> rows = new ArrayList<>();
    for (int i = from; i < to; i++) {
      rows.add(
          Arrays.asList(
              i % 3 == 0 ? null : (long) i,
              i % 4 == 0 ? null : "name-" + i,
              BigDecimal.valueOf(i * 100L + 7, 2),
              i % 5 == 0 ? null : LocalDate.ofEpochDay(i)));
    }
    return rows;
  }

  private static ArrowMemorySource source(BufferAllocator allocator) {
    List<VectorSchemaRoot> batches = new ArrayList<>();
    batches.add(Batches.fromRows(SCHEMA, rows(0, 10), allocator));
    batches.add(Batches.fromRows(SCHEMA, rows(10, 13), allocator));
    batches.add(Batches.fromRows(SCHEMA, rows(13, 30), allocator));
    return new ArrowMemorySource("test", SCHEMA, batches);
  }

  private static List<List<Object>> readAll(
      ArrowMemorySource source, int parallelism, List<Integer> columns, BufferAllocator allocator) {
    List<List<Object>> all = new ArrayList<>();
    for (SourceSplit split : source.splits(parallelism)) {
      try (BatchReader reader = split.open(allocator, columns, 1024)) {
        VectorSchemaRoot batch;
        while ((batch = reader.next()) != null) {
          try (VectorSchemaRoot owned = batch) {
            all.addAll(Batches.toRows(owned));
          }
        }
      }
    }
    return all;
  }

  @Test
  void readersGetEveryRowOfTheSelectedColumnsFromAnotherRootAllocator() {
    try (BufferAllocator storage = new RootAllocator();
        BufferAllocator reading = new RootAllocator();
        ArrowMemorySource source = source(storage)) {
      assertThat(source.rowCount()).isEqualTo(30);
      assertThat(source.splits(2)).hasSize(2);
      assertThat(source.splits(8)).hasSize(3);

      List<List<Object>> expected = new ArrayList<>();
      for (List<Object> row : rows(0, 30)) {
        expected.add(Arrays.asList(row.get(3), row.get(0), row.get(2), row.get(1)));
      }
      assertThat(readAll(source, 2, List.of(3, 0, 2, 1), reading))
          .containsExactlyInAnyOrderElementsOf(expected);
      assertThat(reading.getAllocatedMemory()).isZero();
    }
  }

  @Test
  void handedOutBatchesOutliveTheSourceAndReleaseTheStoredMemory() {
    try (BufferAllocator storage = new RootAllocator();
        BufferAllocator reading = new RootAllocator()) {
      VectorSchemaRoot batch;
      try (ArrowMemorySource source = source(storage)) {
        batch = source.splits(1).get(0).open(reading, List.of(1), 16).next();
      }
      try (batch) {
        assertThat(Batches.toRows(batch).get(1)).containsExactly("name-1");
        assertThat(storage.getAllocatedMemory()).isPositive();
      }
      assertThat(storage.getAllocatedMemory()).isZero();
    }
  }

  @Test
  void loadsTheListedColumnsOfEverySplitOfASource() {
    TpchSource nation = TpchSource.table("nation", 1);
    try (BufferAllocator allocator = new RootAllocator();
        ArrowMemorySource source =
            ArrowMemorySource.load(nation, List.of("n_name", "n_nationkey"), allocator, 7)) {
      assertThat(source.name()).isEqualTo("memory:tpch:nation(sf=1)");
      assertThat(source.schema().names()).containsExactly("n_name", "n_nationkey");
      assertThat(source.rowCount()).isEqualTo(25);
      assertThat(source.batches()).hasSize(4);
      List<List<Object>> rows = readAll(source, 3, List.of(1, 0), allocator);
      assertThat(rows).hasSize(25).contains(List.of(0L, "ALGERIA"), List.of(24L, "UNITED STATES"));
    }
  }

  @Test
  void rejectsBatchesOfAnotherSchema() {
    try (BufferAllocator allocator = new RootAllocator()) {
      VectorSchemaRoot batch =
          Batches.fromRows(
              Schema.of(Field.nullable("id", DataType.INT)), List.of(List.of(1)), allocator);
      try (batch) {
        assertThatThrownBy(() -> new ArrowMemorySource("test", SCHEMA, List.of(batch)))
            .isInstanceOf(LocusException.class)
            .hasMessage(
                "Batch 0 of in-memory source 'test' must have the schema [id BIGINT, name VARCHAR,"
                    + " price DECIMAL(15, 2) NOT NULL, day DATE]; found [id INT]");
      }
    }
  }
}
