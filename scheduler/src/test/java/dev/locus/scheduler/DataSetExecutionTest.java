package dev.locus.scheduler;

import static dev.locus.core.expr.Expressions.col;
import static dev.locus.core.expr.Expressions.lit;
import static java.util.stream.Collectors.counting;
import static java.util.stream.Collectors.groupingBy;
import static java.util.stream.Collectors.toMap;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.locus.core.api.DataSet;
import dev.locus.core.api.KeyedGroup;
import dev.locus.core.api.Locus;
import dev.locus.core.api.Table;
import dev.locus.core.batch.ObjectBatchCodec;
import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.execution.ExecutorConfig;
import dev.locus.core.function.Pair;
import dev.locus.core.plan.LogicalPlan;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The typed DataSet API run end to end by the local executor (4 partitions, small batches, so that
 * combiners, shuffles and merges all run), checked against the same computation in
 * java.util.stream.
 */
class DataSetExecutionTest {
  record Customer(int id, String name, String nation) {}

  record Order(long id, int customer, BigDecimal amount, LocalDate date) {}

  record NationTotal(String nation, BigDecimal total, long orders) {}

  private final Locus locus = Locus.using(new LocalExecutor(new ExecutorConfig(4, 100)));

  @AfterEach
  void close() {
    locus.close();
  }

  private static List<String> lines(int count, long seed) {
    String[] words = {"the", "quick", "brown", "fox", "jumps", "over", "lazy", "dog", "Über", ""};
    Random random = new Random(seed);
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      StringBuilder line = new StringBuilder();
      int length = random.nextInt(12);
      for (int w = 0; w < length; w++) {
        line.append(words[random.nextInt(words.length)]).append(w % 3 == 0 ? "  " : " ");
      }
      lines.add(line.toString());
    }
    return lines;
  }

  @Test
  void wordCountEqualsAStreamComputation() {
    List<String> lines = lines(3_000, 1);

    Map<String, Long> counted =
        locus
            .fromCollection(lines)
            .flatMap(line -> Arrays.asList(line.split(" +")))
            .filter(word -> !word.isEmpty())
            .map(word -> Map.entry(word, 1L))
            .reduceByKey(
                Map.Entry::getKey, (a, b) -> Map.entry(a.getKey(), a.getValue() + b.getValue()))
            .collect()
            .stream()
            .collect(toMap(Map.Entry::getKey, Map.Entry::getValue));

    Map<String, Long> expected =
        lines.stream()
            .flatMap(line -> Arrays.stream(line.split(" +")))
            .filter(word -> !word.isEmpty())
            .collect(groupingBy(Function.identity(), counting()));
    assertThat(counted).isEqualTo(expected).containsKey("Über");
  }

  private static List<Customer> customers() {
    String[] nations = {"FRANCE", "GERMANY", "PERU", "JAPAN", "KENYA"};
    List<Customer> customers = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      customers.add(new Customer(i, "Customer#" + i, nations[i % nations.length]));
    }
    return customers;
  }

  private static List<Order> orders(int count) {
    Random random = new Random(5);
    List<Order> orders = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      // Some orders name customers that do not exist.
      orders.add(
          new Order(
              i,
              random.nextInt(230),
              BigDecimal.valueOf(random.nextInt(100_000), 2),
              LocalDate.of(2024, 1, 1).plusDays(random.nextInt(366))));
    }
    return orders;
  }

  @Test
  void joinAndAggregateEqualAStreamComputation() {
    List<Customer> customers = customers();
    List<Order> orders = orders(5_000);

    List<NationTotal> totals =
        locus
            .fromCollection(orders)
            .join(locus.fromCollection(customers), Order::customer, Customer::id)
            .map(pair -> new NationTotal(pair.right().nation(), pair.left().amount(), 1))
            .reduceByKey(
                NationTotal::nation,
                (a, b) ->
                    new NationTotal(a.nation(), a.total().add(b.total()), a.orders() + b.orders()))
            .sortBy(NationTotal::total, false)
            .collect();

    Map<Integer, Customer> byId =
        customers.stream().collect(toMap(Customer::id, Function.identity()));
    List<NationTotal> expected =
        orders.stream()
            .filter(order -> byId.containsKey(order.customer()))
            .collect(groupingBy(order -> byId.get(order.customer()).nation()))
            .entrySet()
            .stream()
            .map(
                entry ->
                    new NationTotal(
                        entry.getKey(),
                        entry.getValue().stream()
                            .map(Order::amount)
                            .reduce(BigDecimal.ZERO, BigDecimal::add),
                        entry.getValue().size()))
            .sorted(Comparator.comparing(NationTotal::total).reversed())
            .toList();
    assertThat(totals).isEqualTo(expected);
  }

  @Test
  void outerJoinsKeepUnmatchedElementsOfTheirSide() {
    DataSet<Integer> left = locus.fromCollection(Arrays.asList(1, 2, 3, null, 5, 5));
    DataSet<String> right = locus.fromCollection(List.of("a", "bb", "bb2", "dddd", "eeeeeeee"));

    List<Pair<Integer, String>> leftJoin =
        left.leftOuterJoin(right, n -> n, String::length).collect();
    List<Pair<Integer, String>> fullJoin =
        left.fullOuterJoin(right, n -> n, String::length).collect();

    assertThat(leftJoin)
        .containsExactlyInAnyOrder(
            new Pair<>(1, "a"),
            new Pair<>(2, "bb"),
            new Pair<>(3, "bb2"),
            new Pair<>(null, null),
            new Pair<>(5, null),
            new Pair<>(5, null));
    assertThat(fullJoin)
        .containsExactlyInAnyOrder(
            new Pair<>(1, "a"),
            new Pair<>(2, "bb"),
            new Pair<>(3, "bb2"),
            new Pair<>(null, null),
            new Pair<>(5, null),
            new Pair<>(5, null),
            new Pair<>(null, "dddd"),
            new Pair<>(null, "eeeeeeee"));
  }

  @Test
  void groupsSortsDistinctsUnionsLimitsAndCounts() {
    List<Integer> numbers = new Random(9).ints(2_000, 0, 500).boxed().toList();
    DataSet<Integer> data = locus.fromCollection(numbers);

    Map<Integer, List<Integer>> groups = new HashMap<>();
    for (Map.Entry<Integer, List<Integer>> group : data.groupByKey(n -> n % 7).collect()) {
      groups.put(group.getKey(), group.getValue().stream().sorted().toList());
    }
    assertThat(groups)
        .isEqualTo(
            numbers.stream()
                .collect(
                    groupingBy(
                        n -> n % 7,
                        Collectors.collectingAndThen(
                            Collectors.toList(), list -> list.stream().sorted().toList()))));

    assertThat(data.sortBy(n -> n, false).limit(25).collect())
        .isEqualTo(numbers.stream().sorted(Comparator.reverseOrder()).limit(25).toList());
    assertThat(data.distinct().collect())
        .containsExactlyInAnyOrderElementsOf(numbers.stream().distinct().toList());
    assertThat(data.union(data).count()).isEqualTo(2L * numbers.size());
    assertThat(data.filter(n -> n < 0).count()).isZero();
    assertThat(data.limit(3).count()).isEqualTo(3);
    // Streaming operators keep the collection's order.
    assertThat(data.map(n -> n + 1).collect()).isEqualTo(numbers.stream().map(n -> n + 1).toList());
  }

  @Test
  void runsAPlanThatWentThroughKryoWithItsLambdas() {
    List<String> lines = lines(500, 2);
    String separator = " +";
    DataSet<Map.Entry<Integer, List<String>>> plan =
        locus
            .fromCollection(lines)
            .flatMap(line -> Arrays.asList(line.split(separator)))
            .filter(word -> !word.isEmpty())
            .distinct()
            .groupByKey(String::length);
    ObjectBatchCodec codec = new ObjectBatchCodec();

    LogicalPlan decoded = (LogicalPlan) codec.decodeObject(codec.encodeObject(plan.plan()));

    assertThat(decoded).isNotSameAs(plan.plan());
    Map<Object, Object> groups = new HashMap<>();
    for (List<Object> row : locus.execute(decoded).rows()) {
      KeyedGroup<?, ?> group = (KeyedGroup<?, ?>) row.get(0);
      groups.put(group.key(), group.values().stream().map(String::valueOf).sorted().toList());
    }
    Map<Object, Object> expected = new HashMap<>();
    lines.stream()
        .flatMap(line -> Arrays.stream(line.split(separator)))
        .filter(word -> !word.isEmpty())
        .distinct()
        .collect(groupingBy(String::length))
        .forEach((length, words) -> expected.put(length, words.stream().sorted().toList()));
    assertThat(groups).isEqualTo(expected);
  }

  @Test
  void reportsAFailingLambdaWithTheElementAndCause() {
    DataSet<String> words = locus.fromCollection(List.of("a", "b", "x", "c"));

    assertThatThrownBy(
            () ->
                words
                    .map(
                        word -> {
                          if (word.equals("x")) {
                            throw new IllegalStateException("boom");
                          }
                          return word;
                        })
                    .collect())
        .isInstanceOf(LocusException.class)
        .hasMessage("User function in Map failed on element 'x': IllegalStateException: boom")
        .extracting(e -> ((LocusException) e).code())
        .isEqualTo(ErrorCode.USER_FUNCTION_FAILED);
  }

  @Test
  void recordsRoundTripThroughATableAndARelationalFilter() {
    List<Order> orders = orders(1_000);

    Table table = locus.fromCollection(orders).toTable(Order.class);
    List<Order> big =
        table.filter(col("amount").gt(lit(new BigDecimal("500.00")))).as(Order.class).collect();

    assertThat(big)
        .containsExactlyElementsOf(
            orders.stream()
                .filter(order -> order.amount().compareTo(new BigDecimal("500.00")) > 0)
                .toList());
    assertThat(table.count()).isEqualTo(orders.size());
    assertThat(big)
        .allSatisfy(order -> assertThat(Objects.requireNonNull(order.date())).isNotNull());
  }
}
