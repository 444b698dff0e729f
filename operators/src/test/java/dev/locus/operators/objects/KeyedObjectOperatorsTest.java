package dev.locus.operators.objects;

import static dev.locus.operators.objects.OperatorRuns.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** ReduceByKey, GroupByKey, Distinct and the partitioner, checked against java.util.stream. */
class KeyedObjectOperatorsTest {
  record Sale(String region, long amount) {}

  private static List<List<Object>> randomSales(int count, long seed, int batchSize) {
    Random random = new Random(seed);
    List<List<Object>> batches = new ArrayList<>();
    List<Object> batch = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String region = random.nextInt(10) == 0 ? null : "r" + random.nextInt(37);
      batch.add(new Sale(region, random.nextInt(1000)));
      if (batch.size() == batchSize) {
        batches.add(batch);
        batch = new ArrayList<>();
      }
    }
    batches.add(batch);
    return batches;
  }

  private static Map<String, Long> sumByRegion(List<Object> sales) {
    Map<String, Long> sums = new java.util.HashMap<>();
    for (Object sale : sales) {
      Sale s = (Sale) sale;
      sums.merge(String.valueOf(s.region()), s.amount(), Long::sum);
    }
    return sums;
  }

  private static Object reduceSales(Object a, Object b) {
    return new Sale(((Sale) a).region(), ((Sale) a).amount() + ((Sale) b).amount());
  }

  @Test
  void reducesByKeyAsCombinerPerPartitionThenFinalAfterAShuffle() {
    List<List<Object>> input = randomSales(5_000, 42, 128);
    List<Object> all = input.stream().flatMap(List::stream).toList();
    int partitions = 4;
    ObjectPartitioner partitioner =
        new ObjectPartitioner(partitions, s -> ((Sale) s).region(), "ReduceByKey");

    // Combine each of three input partitions, shuffle the partial results, reduce again.
    List<List<Object>> shuffled = new ArrayList<>();
    for (int i = 0; i < partitions; i++) {
      shuffled.add(new ArrayList<>());
    }
    for (int source = 0; source < 3; source++) {
      List<List<Object>> slice = new ArrayList<>();
      for (int b = source; b < input.size(); b += 3) {
        slice.add(input.get(b));
      }
      List<Object> combined =
          run(
              new ReduceObjectsByKeyOperator(
                  s -> ((Sale) s).region(), KeyedObjectOperatorsTest::reduceSales, 7),
              slice);
      List<Object>[] parts = partitioner.partition(combined);
      for (int p = 0; p < partitions; p++) {
        if (parts[p] != null) {
          shuffled.get(p).addAll(parts[p]);
        }
      }
    }
    List<Object> result = new ArrayList<>();
    for (List<Object> bucket : shuffled) {
      result.addAll(
          run(
              new ReduceObjectsByKeyOperator(
                  s -> ((Sale) s).region(), KeyedObjectOperatorsTest::reduceSales, 7),
              List.of(bucket)));
    }

    assertThat(result).hasSize(sumByRegion(all).size());
    assertThat(sumByRegion(result)).isEqualTo(sumByRegion(all));
  }

  @Test
  void keepsAReducedValueOfNull() {
    ReduceObjectsByKeyOperator reduce =
        new ReduceObjectsByKeyOperator(value -> "same", (a, b) -> null, 10);
    assertThat(run(reduce, List.of(List.of(1, 2, 3)))).containsExactly((Object) null);
  }

  @Test
  void reportsAFailingKeyOrReducer() {
    ReduceObjectsByKeyOperator badKey =
        new ReduceObjectsByKeyOperator(
            value -> {
              throw new IllegalStateException("no key");
            },
            (a, b) -> a,
            10);
    assertThatThrownBy(() -> run(badKey, List.of(List.of("w"))))
        .hasMessage(
            "User function in ReduceByKey failed on element 'w': IllegalStateException: no key");

    ReduceObjectsByKeyOperator badReducer =
        new ReduceObjectsByKeyOperator(
            value -> "k",
            (a, b) -> {
              throw new ArithmeticException("overflow");
            },
            10);
    assertThatThrownBy(() -> run(badReducer, List.of(List.of("a", "b"))))
        .hasMessage(
            "User function in ReduceByKey failed on element 'b': ArithmeticException: overflow");
  }

  @Test
  void groupsByKeyIncludingANullKey() {
    List<List<Object>> input = randomSales(2_000, 7, 100);
    List<Object> all = input.stream().flatMap(List::stream).toList();
    GroupObjectsOperator group =
        new GroupObjectsOperator(
            s -> ((Sale) s).region(), (key, values) -> Map.entry(String.valueOf(key), values), 5);

    Map<String, List<Object>> groups = new java.util.HashMap<>();
    for (Object entry : run(group, input)) {
      @SuppressWarnings("unchecked")
      Map.Entry<String, List<Object>> typed = (Map.Entry<String, List<Object>>) entry;
      assertThat(groups.put(typed.getKey(), typed.getValue())).isNull();
    }

    Map<String, List<Object>> expected =
        all.stream().collect(Collectors.groupingBy(s -> String.valueOf(((Sale) s).region())));
    assertThat(groups).isEqualTo(expected);
  }

  @Test
  void reportsAFailingGroupFunctionWithTheKey() {
    GroupObjectsOperator group =
        new GroupObjectsOperator(
            value -> ((String) value).substring(0, 1),
            (key, values) -> {
              throw new IllegalArgumentException("bad group");
            },
            10);
    assertThatThrownBy(() -> run(group, List.of(List.of("apple"))))
        .hasMessage(
            "User function in GroupByKey failed on element 'a': IllegalArgumentException: bad"
                + " group");
  }

  @Test
  void removesDuplicatesAcrossBatchesKeepingFirstOccurrences() {
    DistinctObjectsOperator distinct = new DistinctObjectsOperator();
    assertThat(
            run(
                distinct,
                List.of(Arrays.asList("a", "b", null, "a"), Arrays.asList(null, "c", "b"))))
        .containsExactly("a", "b", null, "c");
  }

  @Test
  void partitionsEqualKeysTogetherAndSpreadsDistinctKeys() {
    ObjectPartitioner partitioner = new ObjectPartitioner(8, Function.identity(), "Distinct");
    List<Object> batch = new ArrayList<>();
    for (int i = 0; i < 8_000; i++) {
      batch.add("k" + (i % 1000));
    }
    batch.add(null);
    List<Object>[] parts = partitioner.partition(batch);

    for (int p = 0; p < parts.length; p++) {
      for (Object element : parts[p]) {
        assertThat(partitioner.partitionOf(element)).isEqualTo(p);
      }
      // 1000 keys over 8 partitions: each gets a fair share.
      assertThat(parts[p].stream().distinct().count()).isBetween(80L, 180L);
    }
    assertThat(parts[0]).contains((Object) null);
    assertThat(Arrays.stream(parts).mapToInt(List::size).sum()).isEqualTo(batch.size());
  }

  @Test
  void partitionerReportsAFailingKeyFunction() {
    ObjectPartitioner partitioner =
        new ObjectPartitioner(
            2,
            value -> {
              throw new IllegalStateException("no key");
            },
            "ReduceByKey");
    assertThatThrownBy(() -> partitioner.partition(List.of("z")))
        .hasMessage(
            "User function in ReduceByKey failed on element 'z': IllegalStateException: no key");
  }

  @Test
  void sortsByKeyNullsLastStablyInBothDirections() {
    List<List<Object>> input = randomSales(3_000, 3, 250);
    List<Object> all = input.stream().flatMap(List::stream).toList();
    Function<Object, String> region = s -> ((Sale) s).region();
    for (boolean ascending : new boolean[] {true, false}) {
      Comparator<Object> keyOrder =
          Comparator.comparing(
              region,
              Comparator.nullsLast(
                  ascending ? Comparator.<String>naturalOrder() : Comparator.reverseOrder()));
      List<Object> expected = all.stream().sorted(keyOrder).toList();

      assertThat(run(new SortObjectsOperator(region, ascending, 100), input))
          .as("ascending %s", ascending)
          .isEqualTo(expected);

      // Sorted runs of three partitions merge into the same stable order.
      List<List<List<Object>>> runs = new ArrayList<>();
      for (int p = 0; p < 3; p++) {
        List<List<Object>> slice = input.subList(p * input.size() / 3, (p + 1) * input.size() / 3);
        runs.add(OperatorRuns.runBatches(new SortObjectsOperator(region, ascending, 64), slice));
      }
      List<Object> merged = new ArrayList<>();
      SortedObjectRuns.merge(runs, region, ascending, Long.MAX_VALUE, 50, merged::addAll);
      assertThat(merged).isEqualTo(expected);

      List<Object> top = new ArrayList<>();
      SortedObjectRuns.merge(runs, region, ascending, 10, 50, top::addAll);
      assertThat(top).isEqualTo(expected.subList(0, 10));
    }
  }

  @Test
  void reportsKeysThatCannotBeCompared() {
    SortObjectsOperator sort = new SortObjectsOperator(value -> value, true, 10);
    assertThatThrownBy(() -> run(sort, List.of(List.of("a", 1))))
        .hasMessageStartingWith("Sort keys ")
        .hasMessageContaining("cannot be compared: ClassCastException: ");
  }
}
