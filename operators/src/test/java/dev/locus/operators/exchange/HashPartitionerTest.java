package dev.locus.operators.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.locus.core.batch.Batches;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Field;
import dev.locus.core.type.Schema;
import dev.locus.operators.oracle.Rows;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HashPartitionerTest {
  private static final Schema SCHEMA =
      Schema.of(
          Field.nullable("id", DataType.INT),
          Field.nullable("name", DataType.VARCHAR),
          Field.nullable("amount", DataType.decimal(10, 2)));

  private BufferAllocator allocator;

  @BeforeEach
  void openAllocator() {
    allocator = new RootAllocator();
  }

  @AfterEach
  void closeAllocator() {
    allocator.close();
  }

  private static List<List<Object>> rows(Random random, int count) {
    List<List<Object>> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      rows.add(
          Arrays.asList(
              random.nextInt(10) == 0 ? null : random.nextInt(100),
              random.nextInt(10) == 0 ? null : "n" + random.nextInt(7),
              BigDecimal.valueOf(random.nextInt(100_000), 2)));
    }
    return rows;
  }

  @Test
  void keepsEveryRowAndSendsEqualKeysToOnePartition() {
    HashPartitioner partitioner = new HashPartitioner(List.of(0, 1), 5);
    Map<List<Object>, Integer> partitionOfKey = new HashMap<>();
    List<List<Object>> all = new ArrayList<>();
    List<List<Object>> partitioned = new ArrayList<>();
    Random random = new Random(3);
    for (int batchIndex = 0; batchIndex < 4; batchIndex++) {
      List<List<Object>> input = rows(random, 2000);
      all.addAll(input);
      try (VectorSchemaRoot batch = Batches.fromRows(SCHEMA, input, allocator)) {
        VectorSchemaRoot[] parts = partitioner.partition(batch, allocator);
        assertThat(parts).hasSize(5);
        assertThat(batch.getRowCount()).isEqualTo(2000);
        for (int p = 0; p < parts.length; p++) {
          assertThat(parts[p]).isNotNull();
          try (VectorSchemaRoot part = parts[p]) {
            for (List<Object> row : Rows.of(part)) {
              partitioned.add(row);
              Integer previous = partitionOfKey.putIfAbsent(row.subList(0, 2), p);
              assertThat(previous == null ? p : previous).as("partition of %s", row).isEqualTo(p);
            }
          }
        }
      }
    }
    Rows.assertSameRows(partitioned, all);
  }

  @Test
  void sendsEqualKeysOfDifferentInputsToTheSamePartition() {
    Schema other =
        Schema.of(Field.nullable("other", DataType.DOUBLE), Field.nullable("id", DataType.INT));
    List<List<Object>> left = new ArrayList<>();
    List<List<Object>> right = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      left.add(Arrays.asList(i, "x", BigDecimal.ONE.setScale(2)));
      right.add(Arrays.asList((double) i, i));
    }
    try (VectorSchemaRoot leftBatch = Batches.fromRows(SCHEMA, left, allocator);
        VectorSchemaRoot rightBatch = Batches.fromRows(other, right, allocator)) {
      VectorSchemaRoot[] leftParts =
          new HashPartitioner(List.of(0), 4).partition(leftBatch, allocator);
      VectorSchemaRoot[] rightParts =
          new HashPartitioner(List.of(1), 4).partition(rightBatch, allocator);
      for (int p = 0; p < 4; p++) {
        try (VectorSchemaRoot leftPart = leftParts[p];
            VectorSchemaRoot rightPart = rightParts[p]) {
          List<Object> leftIds = Rows.of(leftPart).stream().map(row -> row.get(0)).toList();
          List<Object> rightIds = Rows.of(rightPart).stream().map(row -> row.get(1)).toList();
          assertThat(leftIds).isNotEmpty().isEqualTo(rightIds);
        }
      }
    }
  }

  @Test
  void returnsNullForPartitionsWithoutRows() {
    List<List<Object>> input = List.of(Arrays.asList(1, "a", null), Arrays.asList(1, "a", null));
    try (VectorSchemaRoot batch = Batches.fromRows(SCHEMA, input, allocator)) {
      VectorSchemaRoot[] parts = new HashPartitioner(List.of(0, 1), 8).partition(batch, allocator);
      int nonEmpty = 0;
      for (VectorSchemaRoot part : parts) {
        if (part != null) {
          nonEmpty++;
          try (part) {
            Rows.assertSameRows(Rows.of(part), input);
          }
        }
      }
      assertThat(nonEmpty).isEqualTo(1);
    }
  }

  @Test
  void withoutKeysEverythingGoesToPartitionZero() {
    try (VectorSchemaRoot batch = Batches.fromRows(SCHEMA, rows(new Random(4), 50), allocator)) {
      VectorSchemaRoot[] parts = new HashPartitioner(List.of(), 3).partition(batch, allocator);
      assertThat(parts[1]).isNull();
      assertThat(parts[2]).isNull();
      try (VectorSchemaRoot part = parts[0]) {
        assertThat(part.getRowCount()).isEqualTo(50);
      }
    }
  }

  @Test
  void rejectsPartitionCountBelowOne() {
    assertThatThrownBy(() -> new HashPartitioner(List.of(0), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Partition count must be at least 1; found 0");
  }
}
