package dev.locus.operators.hash;

import static org.assertj.core.api.Assertions.assertThat;

import dev.locus.core.batch.Batches;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Field;
import dev.locus.core.type.Schema;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Group ids against a plain-Java oracle (a map from key lists to ids in order of first appearance),
 * in particular for short keys that take the packed path: empty strings, NUL bytes, prefixes,
 * NULLs, layouts that widen between batches and keys that stop fitting a long.
 */
class GroupByHashTest {
  private static final Schema SHORT_KEYS =
      Schema.of(
          Field.nullable("flag", DataType.VARCHAR),
          Field.nullable("status", DataType.VARCHAR),
          Field.nullable("n", DataType.INT),
          Field.nullable("b", DataType.BOOLEAN),
          Field.nullable("day", DataType.DATE));

  private static final String[] SHORT_STRINGS = {"A", "N", "R", "", "a\0", "a", "\0", "é", null};
  private static final String[] LONGER_STRINGS = {"ab", "abc", "abc\0", "1234567", "R", null};

  private BufferAllocator allocator;

  @BeforeEach
  void openAllocator() {
    allocator = new RootAllocator();
  }

  @AfterEach
  void closeAllocator() {
    allocator.close();
  }

  @Test
  void shortStringKeysGetOracleIds() {
    Random random = new Random(1);
    Oracle oracle = new Oracle(SHORT_KEYS, List.of(0, 1));
    oracle.push(batch(random, 3000, SHORT_STRINGS, 4));
    oracle.push(batch(random, 1, SHORT_STRINGS, 4));
    oracle.push(batch(random, 2000, SHORT_STRINGS, 4));
    oracle.check();
  }

  @Test
  void layoutsWidenAndFallBackBetweenBatches() {
    Random random = new Random(2);
    Oracle oracle = new Oracle(SHORT_KEYS, List.of(0, 1, 3));
    oracle.push(batch(random, 500, SHORT_STRINGS, 4));
    oracle.push(batch(random, 700, LONGER_STRINGS, 4));
    oracle.push(batch(random, 700, SHORT_STRINGS, 4));
    // More than 7 bytes: from here on the general path, which must agree on the old groups.
    String[] longStrings = {"A", "eight by", "a string longer than a word", null};
    oracle.push(batch(random, 700, longStrings, 4));
    oracle.push(batch(random, 700, SHORT_STRINGS, 4));
    oracle.check();
  }

  @Test
  void mixedKeysAndManyGroupsGrowThePackedTable() {
    Random random = new Random(3);
    Oracle oracle = new Oracle(SHORT_KEYS, List.of(2, 0, 3, 4));
    oracle.push(batch(random, 20_000, SHORT_STRINGS, 5_000));
    oracle.push(batch(random, 20_000, LONGER_STRINGS, 5_000));
    oracle.check();
  }

  @Test
  void keysWiderThanALongTakeTheGeneralPath() {
    Random random = new Random(4);
    // Two INTs (33 bits each) and a string: never packed.
    Oracle oracle = new Oracle(SHORT_KEYS, List.of(2, 4, 0));
    oracle.push(batch(random, 3000, SHORT_STRINGS, 50));
    oracle.push(batch(random, 3000, LONGER_STRINGS, 50));
    oracle.check();
  }

  @Test
  void sameLengthStringsGetOracleIds() {
    Random random = new Random(5);
    Oracle oracle = new Oracle(SHORT_KEYS, List.of(0, 1));
    oracle.push(batch(random, 3000, new String[] {"A", "N", "R"}, 4));
    oracle.push(batch(random, 3000, new String[] {"AB", "NO", "\0\0", "A\0"}, 4));
    oracle.push(batch(random, 3000, new String[] {"A", "N", "R", null}, 4));
    oracle.check();
  }

  @Test
  void sameLengthStringsAtTheEndOfTheirBufferAreReadByByte() {
    // 16 two-byte values fill a 32-byte buffer exactly: the last values cannot be read as words.
    GroupByHash hash = GroupByHash.create(List.of(DataType.VARCHAR));
    String[] values = {
      "xy", "ab", "xy", "cd", "ab", "ab", "zz", "cd", "xy", "ab", "qq", "cd", "ab", "zz", "qr", "xy"
    };
    Map<String, Integer> ids = new HashMap<>();
    int[] expected = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      expected[i] = ids.computeIfAbsent(values[i], value -> ids.size());
    }
    try (VarCharVector vector = new VarCharVector("k", allocator)) {
      vector.allocateNew(2L * values.length, values.length);
      for (int i = 0; i < values.length; i++) {
        vector.set(i, values[i].getBytes(StandardCharsets.UTF_8));
      }
      vector.setValueCount(values.length);
      assertThat(vector.getDataBuffer().capacity()).isEqualTo(2L * values.length);
      int[] groupIds = new int[values.length];
      hash.groupIds(new FieldVector[] {vector}, values.length, groupIds);
      assertThat(groupIds).containsExactly(expected);
    }
  }

  private VectorSchemaRoot batch(Random random, int rows, String[] strings, int ints) {
    // About 5% NULLs per column.
    Function<Object, Object> nullable = value -> random.nextInt(20) == 0 ? null : value;
    List<List<Object>> values = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      Integer n = ints == 0 ? null : random.nextInt(ints) - ints / 2;
      values.add(
          Arrays.asList(
              strings[random.nextInt(strings.length)],
              strings[random.nextInt(strings.length)],
              nullable.apply(n),
              nullable.apply(random.nextBoolean()),
              n == null || random.nextInt(20) == 0
                  ? null
                  : LocalDate.of(1998, 1, 1).plusDays(n % 7)));
    }
    return Batches.fromRows(SHORT_KEYS, values, allocator);
  }

  /** Pushes batches through a hash and a map side by side. */
  private final class Oracle {
    private final Schema schema;
    private final List<Integer> keys;
    private final GroupByHash hash;
    private final Map<List<Object>, Integer> ids = new HashMap<>();
    private final List<List<Object>> keysInOrder = new ArrayList<>();

    Oracle(Schema schema, List<Integer> keys) {
      this.schema = schema;
      this.keys = keys;
      this.hash = GroupByHash.create(keys.stream().map(schema::type).toList());
    }

    void push(VectorSchemaRoot batch) {
      try (batch) {
        int rows = batch.getRowCount();
        int[] groupIds = new int[rows];
        hash.groupIds(KeyHashing.keyVectors(batch, keys), rows, groupIds);
        List<List<Object>> values = Batches.toRows(batch);
        int[] expected = new int[rows];
        for (int row = 0; row < rows; row++) {
          List<Object> all = values.get(row);
          List<Object> key = keys.stream().map(all::get).toList();
          expected[row] =
              ids.computeIfAbsent(
                  key,
                  k -> {
                    keysInOrder.add(k);
                    return ids.size();
                  });
        }
        assertThat(groupIds).containsExactly(expected);
        assertThat(hash.groupCount()).isEqualTo(ids.size());
      }
    }

    /** The keys the hash writes back are the oracle's, in id order. */
    void check() {
      int count = hash.groupCount();
      Schema keySchema = new Schema(keys.stream().map(schema::field).toList());
      try (VectorSchemaRoot root = Batches.allocate(keySchema, allocator, count)) {
        hash.writeKeys(0, count, root.getFieldVectors().toArray(new FieldVector[0]));
        for (FieldVector vector : root.getFieldVectors()) {
          vector.setValueCount(count);
        }
        root.setRowCount(count);
        assertThat(Batches.toRows(root)).containsExactlyElementsOf(keysInOrder);
      }
    }
  }
}
