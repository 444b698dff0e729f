package dev.locus.operators.objects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.locus.core.function.Pair;
import dev.locus.core.plan.JoinType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ObjectHashJoinOperatorTest {
  record Order(int id, Integer customer) {}

  record Customer(Integer id, String name) {}

  private static final Function<Object, Object> ORDER_CUSTOMER = o -> ((Order) o).customer();
  private static final Function<Object, Object> CUSTOMER_ID = c -> ((Customer) c).id();

  /** A nested-loop join: the oracle. */
  private static List<Pair<Object, Object>> nestedLoop(
      List<Object> orders, List<Object> customers, JoinType type) {
    List<Pair<Object, Object>> result = new ArrayList<>();
    boolean[] matchedCustomers = new boolean[customers.size()];
    for (Object order : orders) {
      boolean matched = false;
      for (int c = 0; c < customers.size(); c++) {
        Object key = ORDER_CUSTOMER.apply(order);
        if (key != null && key.equals(CUSTOMER_ID.apply(customers.get(c)))) {
          result.add(new Pair<>(order, customers.get(c)));
          matched = true;
          matchedCustomers[c] = true;
        }
      }
      if (!matched && (type == JoinType.LEFT || type == JoinType.FULL)) {
        result.add(new Pair<>(order, null));
      }
    }
    if (type == JoinType.RIGHT || type == JoinType.FULL) {
      for (int c = 0; c < customers.size(); c++) {
        if (!matchedCustomers[c]) {
          result.add(new Pair<>(null, customers.get(c)));
        }
      }
    }
    return result;
  }

  @ParameterizedTest
  @EnumSource(
      value = JoinType.class,
      names = {"INNER", "LEFT", "RIGHT", "FULL"})
  void matchesANestedLoopJoinWithPartitionsProbingInParallel(JoinType type) throws Exception {
    Random random = new Random(11);
    List<Object> customers = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      // Duplicate ids, null ids and ids no order has.
      Integer id = random.nextInt(20) == 0 ? null : random.nextInt(400);
      customers.add(new Customer(id, "c" + i));
    }
    int partitions = 4;
    List<List<Object>> ordersByPartition = new ArrayList<>();
    List<Object> allOrders = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      List<Object> orders = new ArrayList<>();
      for (int i = 0; i < 2_000; i++) {
        Integer customer = random.nextInt(20) == 0 ? null : random.nextInt(500);
        orders.add(new Order(p * 10_000 + i, customer));
      }
      ordersByPartition.add(orders);
      allOrders.addAll(orders);
    }
    ObjectJoinTable table =
        ObjectJoinTable.build(
            List.of(customers.subList(0, 100), customers.subList(100, 300)),
            CUSTOMER_ID,
            partitions);

    List<Object> output = Collections.synchronizedList(new ArrayList<>());
    ExecutorService threads = Executors.newFixedThreadPool(partitions);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (List<Object> orders : ordersByPartition) {
        futures.add(
            threads.submit(
                () -> {
                  try (ObjectHashJoinOperator join =
                      new ObjectHashJoinOperator(type, table, ORDER_CUSTOMER, 256)) {
                    for (int start = 0; start < orders.size(); start += 500) {
                      join.push(
                          new ArrayList<>(orders.subList(start, start + 500)), output::addAll);
                    }
                    join.finish(output::addAll);
                  }
                }));
      }
      for (Future<?> future : futures) {
        future.get();
      }
    } finally {
      threads.shutdownNow();
    }

    assertThat(output).containsExactlyInAnyOrderElementsOf(nestedLoop(allOrders, customers, type));
  }

  @Test
  void emitsUnmatchedBuildRowsOnlyFromTheLastProbeToFinish() {
    ObjectJoinTable table =
        ObjectJoinTable.build(
            List.of(List.of(new Customer(1, "a"), new Customer(2, "b"))), CUSTOMER_ID, 2);
    ObjectHashJoinOperator first =
        new ObjectHashJoinOperator(JoinType.RIGHT, table, ORDER_CUSTOMER, 10);
    ObjectHashJoinOperator second =
        new ObjectHashJoinOperator(JoinType.RIGHT, table, ORDER_CUSTOMER, 10);
    List<Object> fromFirst = new ArrayList<>();
    List<Object> fromSecond = new ArrayList<>();

    first.push(new ArrayList<>(List.of(new Order(10, 1))), fromFirst::addAll);
    first.finish(fromFirst::addAll);
    second.finish(fromSecond::addAll);

    assertThat(fromFirst).containsExactly(new Pair<>(new Order(10, 1), new Customer(1, "a")));
    assertThat(fromSecond).containsExactly(new Pair<>(null, new Customer(2, "b")));
  }

  @Test
  void reportsAFailingKeyFunctionOnEitherSide() {
    Function<Object, Object> failing =
        value -> {
          throw new IllegalStateException("key " + Objects.toString(value));
        };
    assertThatThrownBy(() -> ObjectJoinTable.build(List.of(List.of("r")), failing, 1))
        .hasMessage("User function in Join failed on element 'r': IllegalStateException: key r");

    ObjectJoinTable table = ObjectJoinTable.build(List.of(List.of("r")), value -> value, 1);
    ObjectHashJoinOperator join = new ObjectHashJoinOperator(JoinType.INNER, table, failing, 10);
    assertThatThrownBy(() -> join.push(new ArrayList<>(List.of("l")), batch -> {}))
        .hasMessage("User function in Join failed on element 'l': IllegalStateException: key l");
  }

  @Test
  void rejectsSemiAndAntiJoins() {
    ObjectJoinTable table = ObjectJoinTable.build(List.of(), value -> value, 1);
    assertThatThrownBy(() -> new ObjectHashJoinOperator(JoinType.SEMI, table, value -> value, 10))
        .hasMessage(
            "Object joins output pairs; join type SEMI is not supported; use one of [INNER, LEFT,"
                + " RIGHT, FULL]");
  }
}
