package dev.locus.client;

import static dev.locus.core.expr.Expressions.col;
import static dev.locus.core.expr.Expressions.countStar;
import static dev.locus.core.expr.Expressions.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.locus.cluster.EmbeddedCluster;
import dev.locus.cluster.NodeConfig;
import dev.locus.core.api.Locus;
import dev.locus.core.api.Row;
import dev.locus.core.api.Table;
import dev.locus.core.error.LocusException;
import dev.locus.core.source.tpch.TpchSource;
import dev.locus.sql.tpch.ResultComparison;
import dev.locus.sql.tpch.ResultRows;
import dev.locus.sql.tpch.TpchDuckDb;
import dev.locus.sql.tpch.TpchQueries;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code Locus.connect} against a real three-node cluster in this JVM: SQL planned in the client,
 * Table-API plans and typed lambdas, all run by the cluster's workers and coordinator. Oracles:
 * DuckDB on the same TPC-H data, and plain Java over the same CSV rows.
 */
class LocusClusterIT {
  @TempDir static Path csvDirectory;
  private static EmbeddedCluster cluster;
  private static Locus locus;
  private static final Map<String, Long> QUANTITY_BY_ITEM = new TreeMap<>();

  @BeforeAll
  static void start() throws IOException {
    StringBuilder csv = new StringBuilder("item,quantity\n");
    for (int i = 0; i < 3000; i++) {
      String item = "item-" + (i % 7);
      csv.append(item).append(',').append(i % 11).append('\n');
      QUANTITY_BY_ITEM.merge(item, (long) (i % 11), Long::sum);
    }
    Files.writeString(csvDirectory.resolve("stock.csv"), csv);
    cluster =
        EmbeddedCluster.start(
            List.of(
                NodeConfig.local("a").withParallelism(2).withTpch(true),
                NodeConfig.local("b")
                    .withRoles(Set.of(NodeConfig.Role.WORKER))
                    .withParallelism(2)
                    .withCsv("store", csvDirectory)));
    long deadline = System.nanoTime() + 30_000_000_000L;
    try (LocusClient client = new LocusClient(cluster.httpUri().toString())) {
      while (client.catalogs().size() < 2) {
        assertThat(System.nanoTime()).as("both workers registered").isLessThan(deadline);
        Thread.onSpinWait();
      }
    }
    locus = Locus.connect(cluster.httpUri().toString());
  }

  @AfterAll
  static void stop() {
    if (locus != null) {
      locus.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void sqlPlannedInTheClientRunsOnTheClusterLikeDuckDb() {
    String query =
        TpchQueries.query(3)
            .replace("customer", "tpch.sf0_01.customer")
            .replace("orders", "tpch.sf0_01.orders")
            .replace("lineitem", "tpch.sf0_01.lineitem");
    ResultRows actual = ResultRows.of(locus.sql(query).execute());
    try (TpchDuckDb duckDb = TpchDuckDb.load(0.01)) {
      assertThat(ResultComparison.difference(query, duckDb.query(TpchQueries.query(3)), actual))
          .isEmpty();
    }
  }

  @Test
  void csvTablesOfAWorkerAreListedForSqlInTheClient() {
    List<Row> rows =
        locus
            .sql("SELECT item, sum(quantity) AS total FROM store.stock GROUP BY item ORDER BY item")
            .collect();
    Map<String, Long> actual = new TreeMap<>();
    for (Row row : rows) {
      actual.put((String) row.get(0), ((Number) row.get(1)).longValue());
    }
    assertThat(actual).isEqualTo(QUANTITY_BY_ITEM);
  }

  @Test
  void tableApiPlansOverClusterTablesRunOnTheCluster() {
    Table lineitem =
        locus.table(
            locus
                .catalog()
                .schema("tpch")
                .orElseThrow()
                .schema("tiny")
                .orElseThrow()
                .table("lineitem")
                .orElseThrow());
    List<Row> rows =
        lineitem
            .groupBy("l_returnflag")
            .agg(countStar().as("n"), sum(col("l_quantity")).as("quantity"))
            .orderBy(dev.locus.core.api.SortOrder.asc(col("l_returnflag")))
            .collect();
    try (Locus local = Locus.local()) {
      List<Row> expected =
          local
              .read(TpchSource.table("lineitem", 0.01))
              .groupBy("l_returnflag")
              .agg(countStar().as("n"), sum(col("l_quantity")).as("quantity"))
              .orderBy(dev.locus.core.api.SortOrder.asc(col("l_returnflag")))
              .collect();
      assertThat(rows).hasSameSizeAs(expected);
      for (int i = 0; i < rows.size(); i++) {
        assertThat(rows.get(i).get(0)).isEqualTo(expected.get(i).get(0));
        assertThat(rows.get(i).get(1)).isEqualTo(expected.get(i).get(1));
        assertThat((BigDecimal) rows.get(i).get(2))
            .isEqualByComparingTo((BigDecimal) expected.get(i).get(2));
      }
    }
  }

  @Test
  void typedLambdasRunOnTheClusterAndComeBackAsObjects() {
    Table stock =
        locus.table(locus.catalog().schema("store").orElseThrow().table("stock").orElseThrow());
    List<String> heavy =
        stock
            .as(Stock.class)
            .filter(item -> item.quantity() >= 9)
            .map(item -> item.item() + ":" + item.quantity())
            .collect();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      if (i % 11 >= 9) {
        expected.add("item-" + (i % 7) + ":" + (i % 11));
      }
    }
    assertThat(heavy).containsExactlyInAnyOrderElementsOf(expected);
    // The lambdas ran in the tasks that read the file, on the worker in site b.
    try (LocusClient client = new LocusClient(cluster.httpUri().toString())) {
      List<JobSummary> jobs = client.jobs();
      JobStatus last = client.status(jobs.get(jobs.size() - 1).jobId());
      assertThat(last.stages()).hasSize(1);
      assertThat(last.stages().get(0).description())
          .isEqualTo("Scan store.stock → RowsToObjects → Filter → Map");
      assertThat(last.stages().get(0).sites()).containsExactly("b");
    }
  }

  @Test
  void aLambdaThatThrowsOnAWorkerFailsTheJobWithItsMessage() {
    Table stock =
        locus.table(locus.catalog().schema("store").orElseThrow().table("stock").orElseThrow());
    assertThatThrownBy(
            () ->
                stock
                    .as(Stock.class)
                    .map(
                        item -> {
                          if (item.quantity() == 10) {
                            throw new IllegalStateException("no tens allowed: " + item.item());
                          }
                          return item.item();
                        })
                    .collect())
        .isInstanceOf(LocusException.class)
        .hasMessageContaining("no tens allowed: item-");
    // The cluster keeps serving.
    assertThat(locus.sql("SELECT count(*) FROM store.stock").collect().get(0).get(0))
        .isEqualTo(3000L);
  }

  /** A row of store.stock. */
  public record Stock(String item, long quantity) {}

  @Test
  void anUnknownTableNamesWhatExists() {
    assertThatThrownBy(() -> locus.sql("SELECT * FROM store.stocks").collect())
        .isInstanceOf(LocusException.class)
        .hasMessageContaining("stocks");
  }
}
