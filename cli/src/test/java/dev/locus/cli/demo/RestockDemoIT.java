package dev.locus.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.locus.core.api.Locus;
import dev.locus.core.execution.ExecutorConfig;
import dev.locus.core.plan.Join;
import dev.locus.core.plan.LogicalPlan;
import dev.locus.core.plan.rewrite.LogicalRewrites;
import dev.locus.costmodel.CardinalityModel;
import io.trino.tpch.Part;
import io.trino.tpch.PartGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo job's answer equals the same question asked of H2 with all three inputs loaded. */
class RestockDemoIT {
  @Test
  void suggestionsEqualH2(@TempDir Path directory) throws IOException, SQLException {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    RestockDemo demo =
        new RestockDemo(
            directory, 40_000, 2, new PrintStream(printed, true, StandardCharsets.UTF_8));
    demo.generateData();

    List<List<Object>> locusRows;
    try (Locus locus = Locus.local(ExecutorConfig.defaults().withParallelism(2))) {
      locusRows = demo.suggestions(locus).execute().rows();
    }

    List<List<Object>> h2Rows = new ArrayList<>();
    try (Connection h2 = DriverManager.getConnection(demo.jdbcUrl());
        Statement statement = h2.createStatement()) {
      loadInventory(h2, demo);
      statement.execute(
          "CREATE TABLE part_oracle (partkey BIGINT, name VARCHAR, brand VARCHAR,"
              + " price DECIMAL(15, 2), PRIMARY KEY (partkey))");
      try (PreparedStatement insert =
          h2.prepareStatement("INSERT INTO part_oracle VALUES (?, ?, ?, ?)")) {
        for (Part part : new PartGenerator(RestockDemo.CATALOG_SCALE_FACTOR, 1, 1)) {
          insert.setLong(1, part.getPartKey());
          insert.setString(2, part.getName());
          insert.setString(3, part.getBrand());
          insert.setBigDecimal(4, BigDecimal.valueOf(part.getRetailPriceInCents(), 2));
          insert.addBatch();
        }
        insert.executeBatch();
      }
      try (ResultSet result =
          statement.executeQuery(
              "SELECT s.store_id, s.product_id, p.name, p.brand, i.on_hand, s.sold,"
                  + " s.sold - i.on_hand, (s.sold - i.on_hand) * p.price AS order_value"
                  + " FROM (SELECT store_id, product_id, SUM(quantity) AS sold FROM sales"
                  + "   WHERE sale_date > DATE '"
                  + RestockDemo.AS_OF.minusWeeks(4)
                  + "' GROUP BY store_id, product_id) s"
                  + " JOIN inventory_oracle i ON s.store_id = i.store AND s.product_id = i.sku"
                  + " JOIN part_oracle p ON s.product_id = p.partkey"
                  + " WHERE i.on_hand < s.sold"
                  + " ORDER BY order_value DESC, s.store_id, s.product_id")) {
        while (result.next()) {
          h2Rows.add(
              List.of(
                  result.getInt(1),
                  result.getLong(2),
                  result.getString(3),
                  result.getString(4),
                  result.getLong(5),
                  result.getLong(6),
                  result.getLong(7),
                  result.getBigDecimal(8)));
        }
      }
    }
    assertThat(locusRows).isNotEmpty();
    assertThat(normalize(locusRows)).isEqualTo(normalize(h2Rows));
  }

  /**
   * The join of recent sales with the inventory files is on {@code CAST(store_id AS BIGINT) =
   * store} (the CSV's store is BIGINT): the cost model estimates it within a factor of 2 of the
   * rows H2 finds, and the executed plan shows that estimate.
   */
  @Test
  void estimatesTheJoinOnACastKeyWithinTwiceTheTrueRows(@TempDir Path directory)
      throws IOException, SQLException {
    RestockDemo demo =
        new RestockDemo(
            directory,
            40_000,
            2,
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    demo.generateData();
    long actual;
    try (Connection h2 = DriverManager.getConnection(demo.jdbcUrl());
        Statement statement = h2.createStatement()) {
      loadInventory(h2, demo);
      try (ResultSet result =
          statement.executeQuery(
              "SELECT COUNT(*) FROM (SELECT store_id, product_id FROM sales WHERE sale_date > DATE '"
                  + RestockDemo.AS_OF.minusWeeks(4)
                  + "' GROUP BY store_id, product_id) s"
                  + " JOIN inventory_oracle i ON s.store_id = i.store AND s.product_id = i.sku")) {
        result.next();
        actual = result.getLong(1);
      }
    }

    try (Locus locus = Locus.local(ExecutorConfig.defaults().withParallelism(2))) {
      LogicalPlan plan = LogicalRewrites.apply(demo.suggestions(locus).plan());
      Join join = salesJoin(plan);
      assertThat(join.left().describe()).contains("CAST($0 AS BIGINT) AS $key0");
      double estimate = new CardinalityModel().estimate(join).rows();
      assertThat(estimate).isBetween(actual / 2.0, actual * 2.0);

      String explained = locus.executor().explain(demo.suggestions(locus).plan(), null);
      String executed = explained.substring(explained.indexOf("Executed plan:"));
      assertThat(executed)
          .containsPattern(
              "Join\\[INNER, \\$key0 = store, product_id = sku\\]  \\(#\\d+, est\\. rows "
                  + Math.round(Math.ceil(estimate))
                  + "\\)");
    }
  }

  /** The join of the sales (left) with the inventory: the one on two keys. */
  private static Join salesJoin(LogicalPlan plan) {
    if (plan instanceof Join join && join.leftKeys().size() == 2) {
      return join;
    }
    for (LogicalPlan input : plan.inputs()) {
      Join found = salesJoin(input);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  /** The demo's inventory files as table inventory_oracle of the demo's H2 database. */
  private static void loadInventory(Connection h2, RestockDemo demo)
      throws IOException, SQLException {
    try (Statement statement = h2.createStatement()) {
      statement.execute(
          "CREATE TABLE inventory_oracle (store INT, sku BIGINT, on_hand BIGINT, reorder BIGINT,"
              + " PRIMARY KEY (store, sku))");
    }
    try (PreparedStatement insert =
            h2.prepareStatement("INSERT INTO inventory_oracle VALUES (?, ?, ?, ?)");
        Stream<Path> files = Files.list(demo.inventoryDirectory())) {
      for (Path file : files.sorted().toList()) {
        List<String> lines = Files.readAllLines(file);
        for (String line : lines.subList(1, lines.size())) {
          String[] fields = line.split(",");
          for (int i = 0; i < 4; i++) {
            insert.setLong(i + 1, Long.parseLong(fields[i]));
          }
          insert.addBatch();
        }
      }
      insert.executeBatch();
    }
  }

  /** Numbers by value, whatever class or scale each engine returns. */
  private static List<List<String>> normalize(List<List<Object>> rows) {
    return rows.stream()
        .map(
            row ->
                row.stream()
                    .map(
                        value ->
                            value instanceof BigDecimal decimal
                                ? decimal.stripTrailingZeros().toPlainString()
                                : String.valueOf(value))
                    .toList())
        .toList();
  }
}
