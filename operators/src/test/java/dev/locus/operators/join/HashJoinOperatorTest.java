package dev.locus.operators.join;

import static dev.locus.operators.join.JoinFixture.LEFT;
import static dev.locus.operators.join.JoinFixture.RIGHT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.locus.core.batch.Batches;
import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.plan.Join;
import dev.locus.core.plan.JoinType;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Field;
import dev.locus.core.type.Schema;
import dev.locus.operators.exchange.HashPartitioner;
import dev.locus.operators.oracle.BatchCollector;
import dev.locus.operators.oracle.H2Oracle;
import dev.locus.operators.oracle.RandomBatches;
import dev.locus.operators.oracle.Rows;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class HashJoinOperatorTest {
  private static List<List<Object>> leftRows;
  private static List<List<Object>> rightRows;
  private static H2Oracle oracle;

  private BufferAllocator allocator;

  @BeforeAll
  static void loadOracle() {
    leftRows = JoinFixture.randomRows(new Random(17), 1200, 0);
    rightRows = JoinFixture.randomRows(new Random(18), 800, 100_000);
    oracle = new H2Oracle();
    oracle.load("l", LEFT, leftRows);
    oracle.load("r", RIGHT, rightRows);
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

  static Stream<Arguments> typesAndKeys() {
    List<List<String>> keySets =
        List.of(
            List.of("k_int"),
            List.of("k_varchar"),
            List.of("k_bigint"),
            List.of("k_date"),
            List.of("k_dec"),
            List.of("k_double"),
            List.of("k_ts"),
            List.of("k_int", "k_varchar"),
            List.of("k_date", "k_bigint", "k_bool"));
    List<Arguments> arguments = new ArrayList<>();
    for (JoinType type : JoinType.values()) {
      for (List<String> keys : keySets) {
        arguments.add(Arguments.of(type, keys));
      }
    }
    return arguments.stream();
  }

  private List<VectorSchemaRoot> left(long seed, int maxBatch) {
    return RandomBatches.split(LEFT, leftRows, maxBatch, new Random(seed), allocator);
  }

  private List<VectorSchemaRoot> right(long seed, int maxBatch) {
    return RandomBatches.split(RIGHT, rightRows, maxBatch, new Random(seed), allocator);
  }

  @ParameterizedTest
  @MethodSource("typesAndKeys")
  void joinMatchesH2(JoinType type, List<String> keys) throws Exception {
    BatchCollector out =
        JoinFixture.run(
            type,
            LEFT,
            left(1, 400),
            RIGHT,
            right(2, 300),
            JoinFixture.indexes(LEFT, keys),
            JoinFixture.indexes(RIGHT, keys),
            Join.TRUE,
            1,
            allocator);
    Rows.assertSameRows(out.rows(), oracle.query(JoinFixture.sql(type, keys, null)));
  }

  @ParameterizedTest
  @EnumSource(JoinType.class)
  void concurrentProbesShareOneTable(JoinType type) throws Exception {
    List<String> keys = List.of("k_int", "k_varchar");
    BatchCollector out =
        JoinFixture.run(
            type,
            LEFT,
            left(3, 100),
            RIGHT,
            right(4, 300),
            JoinFixture.indexes(LEFT, keys),
            JoinFixture.indexes(RIGHT, keys),
            Join.TRUE,
            4,
            allocator);
    Rows.assertSameRows(out.rows(), oracle.query(JoinFixture.sql(type, keys, null)));
  }

  @ParameterizedTest
  @EnumSource(JoinType.class)
  void joinWithoutKeysPairsEveryRow(JoinType type) throws Exception {
    List<List<Object>> smallLeft = leftRows.subList(0, 40);
    List<List<Object>> smallRight = rightRows.subList(0, 30);
    oracle.load("small_l_" + type, LEFT, smallLeft);
    oracle.load("small_r_" + type, RIGHT, smallRight);
    BatchCollector out =
        JoinFixture.run(
            type,
            LEFT,
            RandomBatches.split(LEFT, smallLeft, 15, new Random(5), allocator),
            RIGHT,
            RandomBatches.split(RIGHT, smallRight, 7, new Random(6), allocator),
            List.of(),
            List.of(),
            Join.TRUE,
            2,
            allocator);
    List<List<Object>> expected =
        oracle.query(JoinFixture.sql(type, "small_l_" + type, "small_r_" + type, List.of(), null));
    Rows.assertSameRows(out.rows(), expected);
    assertThat(expected.isEmpty()).isEqualTo(type == JoinType.ANTI);
  }

  @ParameterizedTest
  @EnumSource(JoinType.class)
  void emptyBuildSide(JoinType type) throws Exception {
    List<String> keys = List.of("k_int");
    BatchCollector out =
        JoinFixture.run(
            type,
            LEFT,
            left(7, 500),
            RIGHT,
            List.of(Batches.fromRows(RIGHT, List.of(), allocator)),
            JoinFixture.indexes(LEFT, keys),
            JoinFixture.indexes(RIGHT, keys),
            Join.TRUE,
            1,
            allocator);
    List<List<Object>> expected = new ArrayList<>();
    if (type == JoinType.LEFT || type == JoinType.FULL) {
      for (List<Object> row : leftRows) {
        List<Object> padded = new ArrayList<>(row);
        padded.addAll(Arrays.asList(new Object[RIGHT.size()]));
        expected.add(padded);
      }
    } else if (type == JoinType.ANTI) {
      expected.addAll(leftRows);
    }
    Rows.assertSameRows(out.rows(), expected);
  }

  @ParameterizedTest
  @EnumSource(JoinType.class)
  void emptyProbeSide(JoinType type) throws Exception {
    List<String> keys = List.of("k_varchar");
    BatchCollector out =
        JoinFixture.run(
            type,
            LEFT,
            List.of(),
            RIGHT,
            right(8, 300),
            JoinFixture.indexes(LEFT, keys),
            JoinFixture.indexes(RIGHT, keys),
            Join.TRUE,
            1,
            allocator);
    List<List<Object>> expected = new ArrayList<>();
    if (type == JoinType.RIGHT || type == JoinType.FULL) {
      for (List<Object> row : rightRows) {
        List<Object> padded = new ArrayList<>(Arrays.asList(new Object[LEFT.size()]));
        padded.addAll(row);
        expected.add(padded);
      }
    }
    Rows.assertSameRows(out.rows(), expected);
  }

  @Test
  void skewedKeyProducesMoreThanOneOutputBatch() throws Exception {
    Schema schema = Schema.of(Field.notNull("id", DataType.INT), Field.notNull("k", DataType.INT));
    List<List<Object>> rows = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      rows.add(List.of(i, 7));
    }
    BatchCollector out =
        JoinFixture.run(
            JoinType.INNER,
            schema,
            List.of(Batches.fromRows(schema, rows, allocator)),
            schema,
            List.of(Batches.fromRows(schema, rows, allocator)),
            List.of(1),
            List.of(1),
            Join.TRUE,
            1,
            allocator);
    assertThat(out.batchSizes()).containsExactly(Batches.DEFAULT_BATCH_SIZE, 90_000 - 65_536);
    List<List<Object>> expected = new ArrayList<>();
    for (int left = 0; left < 300; left++) {
      for (int right = 0; right < 300; right++) {
        expected.add(List.of(left, 7, right, 7));
      }
    }
    Rows.assertSameRows(out.rows(), expected);
  }

  @ParameterizedTest
  @EnumSource(JoinType.class)
  void partitionedInputsJoinPartitionByPartition(JoinType type) throws Exception {
    List<String> keys = List.of("k_int", "k_varchar");
    List<Integer> leftKeys = JoinFixture.indexes(LEFT, keys);
    List<Integer> rightKeys = JoinFixture.indexes(RIGHT, keys);
    int partitions = 3;
    List<List<VectorSchemaRoot>> leftParts = partition(left(9, 300), leftKeys, partitions);
    List<List<VectorSchemaRoot>> rightParts = partition(right(10, 300), rightKeys, partitions);
    List<List<Object>> rows = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      rows.addAll(
          JoinFixture.run(
                  type,
                  LEFT,
                  leftParts.get(p),
                  RIGHT,
                  rightParts.get(p),
                  leftKeys,
                  rightKeys,
                  Join.TRUE,
                  1,
                  allocator)
              .rows());
    }
    Rows.assertSameRows(rows, oracle.query(JoinFixture.sql(type, keys, null)));
  }

  private List<List<VectorSchemaRoot>> partition(
      List<VectorSchemaRoot> batches, List<Integer> keys, int partitions) {
    HashPartitioner partitioner = new HashPartitioner(keys, partitions);
    List<List<VectorSchemaRoot>> result = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      result.add(new ArrayList<>());
    }
    for (VectorSchemaRoot batch : batches) {
      try (batch) {
        VectorSchemaRoot[] parts = partitioner.partition(batch, allocator);
        for (int p = 0; p < partitions; p++) {
          if (parts[p] != null) {
            result.get(p).add(parts[p]);
          }
        }
      }
    }
    return result;
  }

  @Test
  void joinsIntProbeKeysWithBigintBuildKeys() throws Exception {
    Schema probe = Schema.of(Field.nullable("a", DataType.INT));
    Schema build = Schema.of(Field.nullable("b", DataType.BIGINT));
    BatchCollector out =
        JoinFixture.run(
            JoinType.INNER,
            probe,
            List.of(
                Batches.fromRows(
                    probe,
                    List.of(List.of(1), List.of(-2), Arrays.asList((Object) null)),
                    allocator)),
            build,
            List.of(
                Batches.fromRows(
                    build,
                    List.of(List.of(-2L), List.of(1L), List.of(1L + (1L << 32))),
                    allocator)),
            List.of(0),
            List.of(0),
            Join.TRUE,
            1,
            allocator);
    Rows.assertSameRows(out.rows(), List.of(List.of(1, 1L), List.of(-2, -2L)));
  }

  @Test
  void rejectsKeysOfDifferentTypes() {
    Schema probe = Schema.of(Field.nullable("name", DataType.VARCHAR));
    Schema build = Schema.of(Field.nullable("id", DataType.INT));
    try (JoinHashTable table =
        JoinHashTable.build(
            List.of(Batches.fromRows(build, List.of(List.of(1)), allocator)),
            build,
            List.of(0),
            allocator)) {
      assertThatThrownBy(
              () ->
                  new HashJoinOperator(
                      JoinType.INNER, table, List.of(0), Join.TRUE, probe, build, allocator))
          .isInstanceOfSatisfying(
              LocusException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TYPE_MISMATCH))
          .hasMessage(
              "Join keys name VARCHAR and id INT have different types; a key pair must have one"
                  + " type");
    }
  }

  @Test
  void outputSchemaFollowsJoinNullability() {
    Schema probe = Schema.of(Field.notNull("a", DataType.INT));
    Schema build = Schema.of(Field.notNull("b", DataType.INT));
    try (JoinHashTable table =
        JoinHashTable.build(
            List.of(Batches.fromRows(build, List.of(List.of(1)), allocator)),
            build,
            List.of(0),
            allocator)) {
      for (JoinType type : JoinType.values()) {
        try (HashJoinOperator operator =
            new HashJoinOperator(type, table, List.of(0), Join.TRUE, probe, build, allocator)) {
          Schema expected =
              switch (type) {
                case INNER -> probe.concat(build);
                case LEFT -> probe.concat(build.asNullable());
                case RIGHT -> probe.asNullable().concat(build);
                case FULL -> probe.asNullable().concat(build.asNullable());
                case SEMI, ANTI -> probe;
              };
          assertThat(operator.schema()).as("%s", type).isEqualTo(expected);
        }
      }
    }
  }
}
