package dev.locus.operators.hash;

import static org.assertj.core.api.Assertions.assertThat;

import dev.locus.core.batch.Batches;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Field;
import dev.locus.core.type.Schema;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KeyHashingTest {
  private static final Schema ALL_TYPES =
      Schema.of(
          Field.nullable("i", DataType.INT),
          Field.nullable("b", DataType.BIGINT),
          Field.nullable("d", DataType.DOUBLE),
          Field.nullable("m", DataType.decimal(20, 3)),
          Field.nullable("s", DataType.VARCHAR),
          Field.nullable("day", DataType.DATE),
          Field.nullable("ts", DataType.TIMESTAMP),
          Field.nullable("flag", DataType.BOOLEAN));

  private BufferAllocator allocator;

  @BeforeEach
  void openAllocator() {
    allocator = new RootAllocator();
  }

  @AfterEach
  void closeAllocator() {
    allocator.close();
  }

  private static List<Object> row(int value, String text) {
    return Arrays.asList(
        value,
        (long) value * 1_000_000_007L,
        value / 8.0,
        new BigDecimal("12345678901234567.891").add(BigDecimal.valueOf(value)),
        text,
        LocalDate.of(2000, 1, 1).plusDays(value),
        LocalDateTime.of(2000, 1, 1, 0, 0).plusNanos(value * 1000L),
        value % 2 == 0);
  }

  private static List<Object> nulls() {
    return Arrays.asList(new Object[ALL_TYPES.size()]);
  }

  @Test
  void equalKeysInDifferentBatchesHashAlike() {
    List<Integer> keys = List.of(0, 1, 2, 3, 4, 5, 6, 7);
    try (VectorSchemaRoot first =
            Batches.fromRows(
                ALL_TYPES,
                List.of(row(1, "alpha"), row(2, "a longer string than eight bytes"), nulls()),
                allocator);
        VectorSchemaRoot second =
            Batches.fromRows(
                ALL_TYPES,
                List.of(
                    nulls(),
                    row(2, "a longer string than eight bytes"),
                    row(3, "x"),
                    row(1, "alpha")),
                allocator)) {
      long[] firstHashes = KeyHashing.hash(first, keys, null);
      long[] secondHashes = KeyHashing.hash(second, keys, new long[1]);
      assertThat(secondHashes[3]).isEqualTo(firstHashes[0]);
      assertThat(secondHashes[1]).isEqualTo(firstHashes[1]);
      assertThat(secondHashes[0]).isEqualTo(firstHashes[2]);
      Set<Long> distinct = new HashSet<>();
      for (int row = 0; row < 4; row++) {
        distinct.add(secondHashes[row]);
      }
      assertThat(distinct).hasSize(4);

      KeyEquality equality =
          KeyEquality.of(KeyHashing.keyVectors(first, keys), KeyHashing.keyVectors(second, keys));
      assertThat(equality.equal(0, 3)).isTrue();
      assertThat(equality.equal(1, 1)).isTrue();
      assertThat(equality.equal(2, 0)).isTrue();
      assertThat(equality.equal(0, 1)).isFalse();
      assertThat(equality.equal(2, 2)).isFalse();
    }
  }

  @Test
  void nullHashesToAFixedValueInEveryType() {
    try (VectorSchemaRoot batch = Batches.fromRows(ALL_TYPES, List.of(nulls()), allocator)) {
      for (int column = 0; column < ALL_TYPES.size(); column++) {
        long[] hashes = KeyHashing.hash(batch, List.of(column), null);
        assertThat(hashes[0]).as("column %s", column).isEqualTo(KeyHashing.NULL_HASH);
      }
    }
  }

  @Test
  void intAndBigintKeysOfEqualValueHashAndCompareAlike() {
    Schema ints = Schema.of(Field.nullable("i", DataType.INT));
    Schema longs = Schema.of(Field.nullable("b", DataType.BIGINT));
    try (VectorSchemaRoot left =
            Batches.fromRows(ints, List.of(List.of(-5), List.of(Integer.MAX_VALUE)), allocator);
        VectorSchemaRoot right =
            Batches.fromRows(
                longs, List.of(List.of(-5L), List.of((long) Integer.MAX_VALUE)), allocator)) {
      assertThat(Arrays.copyOf(KeyHashing.hash(left, List.of(0), null), 2))
          .containsExactly(Arrays.copyOf(KeyHashing.hash(right, List.of(0), null), 2));
      KeyEquality equality =
          KeyEquality.of(
              new FieldVector[] {left.getVector(0)}, new FieldVector[] {right.getVector(0)});
      assertThat(equality.equal(0, 0)).isTrue();
      assertThat(equality.equal(1, 1)).isTrue();
      assertThat(equality.equal(0, 1)).isFalse();
    }
  }

  @Test
  void negativeZeroEqualsZero() {
    Schema doubles = Schema.of(Field.nullable("d", DataType.DOUBLE));
    try (VectorSchemaRoot batch =
        Batches.fromRows(doubles, List.of(List.of(0.0), List.of(-0.0)), allocator)) {
      long[] hashes = KeyHashing.hash(batch, List.of(0), null);
      assertThat(hashes[0]).isEqualTo(hashes[1]);
      FieldVector[] keys = {batch.getVector(0)};
      assertThat(KeyEquality.of(keys, keys).equal(0, 1)).isTrue();
    }
  }

  @Test
  void columnOrderMatters() {
    Schema pair = Schema.of(Field.nullable("a", DataType.INT), Field.nullable("b", DataType.INT));
    try (VectorSchemaRoot batch = Batches.fromRows(pair, List.of(List.of(1, 2)), allocator)) {
      long forward = KeyHashing.hash(batch, List.of(0, 1), null)[0];
      long backward = KeyHashing.hash(batch, List.of(1, 0), null)[0];
      assertThat(forward).isNotEqualTo(backward);
    }
  }

  @Test
  void partitionsSpreadOverTheRange() {
    int[] counts = new int[7];
    for (long value = 0; value < 70_000; value++) {
      counts[KeyHashing.partition(KeyHashing.hashLong(value), 7)]++;
    }
    for (int count : counts) {
      assertThat(count).isBetween(9_000, 11_000);
    }
  }

  @Test
  void groupByHashNumbersGroupsInOrderOfFirstAppearance() {
    for (List<Integer> keys : List.of(List.of(0), List.of(4), List.of(0, 4), List.of(2, 3, 7))) {
      try (VectorSchemaRoot batch =
          Batches.fromRows(
              ALL_TYPES,
              List.of(row(1, "a"), nulls(), row(2, "b"), row(1, "a"), nulls(), row(2, "b")),
              allocator)) {
        List<DataType> types = keys.stream().map(ALL_TYPES::type).toList();
        GroupByHash groups = GroupByHash.create(types);
        int[] ids = new int[6];
        groups.groupIds(KeyHashing.keyVectors(batch, keys), 6, ids);
        assertThat(ids).as("keys %s", keys).containsExactly(0, 1, 2, 0, 1, 2);
        assertThat(groups.groupCount()).isEqualTo(3);
      }
    }
  }

  @Test
  void rowHashesEqualColumnHashes() {
    try (VectorSchemaRoot batch =
        Batches.fromRows(
            ALL_TYPES,
            List.of(row(1, "alpha"), nulls(), row(-7, ""), row(3, "a longer string than a word")),
            allocator)) {
      for (List<Integer> keys :
          List.of(List.of(4), List.of(0, 1, 2, 3, 4, 5, 6, 7), List.of(7, 4))) {
        long[] hashes = KeyHashing.hash(batch, keys, null);
        FieldVector[] vectors = KeyHashing.keyVectors(batch, keys);
        for (int row = 0; row < batch.getRowCount(); row++) {
          assertThat(KeyHashing.hashRow(vectors, row))
              .as("row %s of %s", row, keys)
              .isEqualTo(hashes[row]);
        }
      }
    }
  }
}
