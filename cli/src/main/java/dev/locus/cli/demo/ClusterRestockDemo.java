package dev.locus.cli.demo;

import static java.util.Objects.requireNonNull;

import dev.locus.cli.output.TextTable;
import dev.locus.client.JobStatus;
import dev.locus.client.LocusClient;
import dev.locus.client.StageStatus;
import dev.locus.cluster.EmbeddedCluster;
import dev.locus.cluster.NodeConfig;
import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.execution.QueryResult;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The restock question again, on a cluster of three nodes in this JVM, one per site: the sales
 * database is reachable only from site {@code hq}, the inventory files only from site {@code
 * stores}, the product catalog from site {@code catalog}. Each scan runs on the node that holds its
 * data, the joins run on the workers over hash-partitioned exchanges, and only the final sort runs
 * on the coordinator. The answer must equal the single-JVM run's.
 */
public final class ClusterRestockDemo {
  private final RestockDemo demo;
  private final PrintStream out;

  public ClusterRestockDemo(RestockDemo demo, PrintStream out) {
    this.demo = requireNonNull(demo, "demo is null");
    this.out = requireNonNull(out, "out is null");
  }

  /** The demo's question in SQL over the cluster's catalogs. */
  static String sql() {
    return "SELECT r.store_id, r.product_id, p.p_name AS product, p.p_brand AS brand,"
        + " i.on_hand, r.sold_4w, r.sold_4w - i.on_hand AS order_qty,"
        + " (r.sold_4w - i.on_hand) * p.p_retailprice AS order_value"
        + " FROM (SELECT store_id, product_id, sum(quantity) AS sold_4w"
        + "       FROM sales.public.sales WHERE sale_date > DATE '"
        + RestockDemo.AS_OF.minusWeeks(4)
        + "'       GROUP BY store_id, product_id) r"
        + " JOIN shop.inventory i ON r.store_id = i.store AND r.product_id = i.sku"
        + " JOIN tpch.sf0_01.part p ON r.product_id = p.p_partkey"
        + " WHERE i.on_hand < r.sold_4w"
        + " ORDER BY order_value DESC, r.store_id, r.product_id LIMIT 15";
  }

  /** Runs the question on the cluster and returns its rows. */
  public List<List<Object>> run(QueryResult singleJvm) {
    out.println();
    out.println("The same question on a cluster: three nodes in this JVM, one per site");
    out.println("(hq: the sales database; stores: the inventory files; catalog: TPC-H parts).");
    NodeConfig worker =
        NodeConfig.local("stores").withRoles(Set.of(NodeConfig.Role.WORKER)).withParallelism(2);
    try (EmbeddedCluster cluster =
            EmbeddedCluster.start(
                List.of(
                    NodeConfig.local("hq").withParallelism(2).withJdbc("sales", demo.jdbcUrl()),
                    worker.withCsv("shop", demo.inventoryDirectory().getParent()),
                    NodeConfig.local("catalog")
                        .withRoles(Set.of(NodeConfig.Role.WORKER))
                        .withParallelism(2)
                        .withTpch(true)));
        LocusClient client = new LocusClient(cluster.httpUri().toString())) {
      awaitCatalogs(client);
      String jobId = client.submitSql(sql(), "restock").jobId();
      JobStatus status = client.awaitEnd(jobId, 30_000, ignored -> {});
      if (status.error() != null) {
        throw status.error().toException();
      }
      List<List<Object>> rows = client.results(jobId).rows();
      out.println("Where each stage ran:");
      for (StageStatus stage : status.stages()) {
        out.printf(
            Locale.ROOT,
            "  stage %d: %-55s %2d %s on %s in sites %s, %,d rows out%n",
            stage.stageId(),
            stage.description(),
            stage.tasks(),
            stage.tasks() == 1 ? "task " : "tasks",
            stage.nodes(),
            stage.sites(),
            stage.rows());
      }
      out.printf(Locale.ROOT, "Job %s took %d ms.%n", jobId, status.elapsedMillis());
      out.println(TextTable.render(singleJvm.schema(), rows));
      boolean same = sameRows(singleJvm.rows(), rows);
      out.println(
          same
              ? "Same answer as the single-JVM run."
              : "DIFFERENT answer from the single-JVM run!");
      if (!same) {
        throw new LocusException(
            ErrorCode.INTERNAL_ERROR, "The cluster's answer differs from the single-JVM run's");
      }
      return rows;
    }
  }

  private static void awaitCatalogs(LocusClient client) {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (client.catalogs().size() < 3) {
      if (System.nanoTime() > deadline) {
        throw new LocusException(
            ErrorCode.NODE_UNAVAILABLE,
            "The demo cluster's workers did not register within 60 s; catalogs: "
                + client.catalogs());
      }
      Thread.onSpinWait();
    }
  }

  private static boolean sameRows(List<List<Object>> expected, List<List<Object>> actual) {
    if (expected.size() != actual.size()) {
      return false;
    }
    for (int i = 0; i < expected.size(); i++) {
      List<Object> left = expected.get(i);
      List<Object> right = actual.get(i);
      for (int column = 0; column < left.size(); column++) {
        Object a = left.get(column);
        Object b = right.get(column);
        boolean equal =
            a instanceof BigDecimal x && b instanceof BigDecimal y
                ? x.compareTo(y) == 0
                : a instanceof Number x && b instanceof Number y
                    ? x.longValue() == y.longValue()
                    : java.util.Objects.equals(a, b);
        if (!equal) {
          return false;
        }
      }
    }
    return true;
  }
}
