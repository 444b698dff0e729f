package dev.locus.scheduler.readme;

import static dev.locus.core.api.SortOrder.desc;
import static dev.locus.core.expr.Expressions.col;
import static dev.locus.core.expr.Expressions.countStar;
import static dev.locus.core.expr.Expressions.date;
import static dev.locus.core.expr.Expressions.lit;
import static dev.locus.core.expr.Expressions.sum;
import static org.assertj.core.api.Assertions.assertThat;

import dev.locus.core.api.Locus;
import dev.locus.core.api.Row;
import dev.locus.core.api.Table;
import dev.locus.core.source.tpch.TpchSource;
import io.trino.tpch.LineItem;
import io.trino.tpch.LineItemGenerator;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The README's examples, as they are printed there, with their results checked. */
class ReadmeExamplesIT {
  @Test
  void tableExample() {
    List<Row> rows;
    // README: The Table API
    try (Locus locus = Locus.local()) {
      Table lineitem = locus.read(TpchSource.table("lineitem", 0.01));
      rows =
          lineitem
              .filter(col("l_shipdate").le(date("1998-09-02")))
              .groupBy("l_returnflag", "l_linestatus")
              .agg(
                  sum(col("l_extendedprice").times(lit(1).minus(col("l_discount")))).as("revenue"),
                  countStar().as("orders"))
              .orderBy(desc(col("revenue")))
              .collect();
    }
    // The oracle: the TPC-H generator's own rows, added up in plain Java.
    Map<String, BigDecimal> revenue = new HashMap<>();
    Map<String, Long> orders = new HashMap<>();
    int lastDay = (int) LocalDate.parse("1998-09-02").toEpochDay();
    for (LineItem item : new LineItemGenerator(0.01, 1, 1)) {
      if (item.getShipDate() <= lastDay) {
        String group = item.getReturnFlag() + item.getStatus();
        BigDecimal price = BigDecimal.valueOf(item.getExtendedPriceInCents(), 2);
        BigDecimal discount = BigDecimal.valueOf(item.getDiscountPercent(), 2);
        revenue.merge(group, price.multiply(BigDecimal.ONE.subtract(discount)), BigDecimal::add);
        orders.merge(group, 1L, Long::sum);
      }
    }
    List<String> expectedOrder =
        revenue.entrySet().stream()
            .sorted(Map.Entry.<String, BigDecimal>comparingByValue().reversed())
            .map(Map.Entry::getKey)
            .toList();
    assertThat(rows).hasSize(expectedOrder.size());
    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i);
      String group = row.getString("l_returnflag") + row.getString("l_linestatus");
      assertThat(group).isEqualTo(expectedOrder.get(i));
      assertThat(row.getDecimal("revenue")).isEqualTo(revenue.get(group).setScale(4));
      assertThat(row.getLong("orders")).isEqualTo(orders.get(group));
    }
  }

  @Test
  void dataSetExample() {
    List<Map.Entry<String, Long>> counts;
    // README: The DataSet API
    try (Locus locus = Locus.local()) {
      List<String> lines = List.of("to be or not to be", "that is the question");
      counts =
          locus
              .fromCollection(lines)
              .flatMap(line -> Arrays.asList(line.split(" ")))
              .map(word -> Map.entry(word, 1L))
              .reduceByKey(
                  Map.Entry::getKey, (a, b) -> Map.entry(a.getKey(), a.getValue() + b.getValue()))
              .sortBy(Map.Entry::getKey, true)
              .collect();
    }
    Map<String, Long> expected =
        Arrays.stream("to be or not to be that is the question".split(" "))
            .collect(Collectors.groupingBy(word -> word, Collectors.counting()));
    assertThat(counts)
        .containsExactlyElementsOf(
            expected.entrySet().stream().sorted(Map.Entry.comparingByKey()).toList());
  }
}
