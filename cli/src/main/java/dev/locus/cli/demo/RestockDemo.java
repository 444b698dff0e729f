package dev.locus.cli.demo;

import static dev.locus.core.api.SortOrder.asc;
import static dev.locus.core.api.SortOrder.desc;
import static dev.locus.core.expr.Expressions.col;
import static dev.locus.core.expr.Expressions.count;
import static dev.locus.core.expr.Expressions.countStar;
import static dev.locus.core.expr.Expressions.date;
import static dev.locus.core.expr.Expressions.sum;

import dev.locus.adapters.jdbc.JdbcSource;
import dev.locus.cli.output.Progress;
import dev.locus.cli.output.TextTable;
import dev.locus.core.api.Locus;
import dev.locus.core.api.Table;
import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.execution.ExecutorConfig;
import dev.locus.core.execution.OperatorStats;
import dev.locus.core.execution.QueryResult;
import dev.locus.core.source.csv.CsvSource;
import dev.locus.core.source.tpch.TpchSource;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Random;

/**
 * The demo job: which products should each store reorder? Sales live in a database (H2), stock
 * levels in one CSV file per store, and the product catalog is the TPC-H part table. Locus reads
 * all three where they are and joins them in one plan.
 */
public final class RestockDemo {
  /** The demo's "today": fixed, so that every run prints the same answer. */
  public static final LocalDate AS_OF = LocalDate.of(2024, 6, 30);

  static final int STORES = 8;
  static final int PRODUCTS = 2000;
  public static final double CATALOG_SCALE_FACTOR = 0.01;

  private final Path dataDirectory;
  private final int salesRows;
  private final Integer parallelism;
  private final PrintStream out;
  private final Progress progress;

  public RestockDemo(Path dataDirectory, int salesRows, Integer parallelism, PrintStream out) {
    this.dataDirectory = dataDirectory.toAbsolutePath();
    this.salesRows = salesRows;
    this.parallelism = parallelism;
    this.out = out;
    this.progress = new Progress(out);
  }

  public String jdbcUrl() {
    return "jdbc:h2:file:" + dataDirectory.resolve("shop-" + salesRows) + ";DB_CLOSE_DELAY=0";
  }

  public Path inventoryDirectory() {
    return dataDirectory.resolve("inventory");
  }

  public void run() {
    out.println("Locus demo: restock suggestions from store sales (H2), inventory (CSV files)");
    out.println("and the product catalog (TPC-H part), joined in one plan.");
    out.println();
    generateData();
    ExecutorConfig config =
        parallelism == null
            ? ExecutorConfig.defaults()
            : ExecutorConfig.defaults().withParallelism(parallelism);
    try (Locus locus = Locus.local(config)) {
      Table suggestions = suggestions(locus);
      Table top = suggestions.limit(15);
      out.println("Plan (estimated rows per operator):");
      out.println(top.explain());
      // The first run warms up the JVM; the second shows a warm engine.
      progress.step("Running the job (cold JVM)", () -> top.execute());
      QueryResult result = progress.step("Running the job again (warm)", () -> top.execute());
      out.println();
      out.println("Top restock suggestions (as of " + AS_OF + "):");
      out.println(TextTable.render(result.schema(), result.rows()));
      QueryResult totals =
          suggestions
              .agg(countStar().as("restock_lines"), sum(col("order_value")).as("total_value"))
              .execute();
      out.println(
          "All suggestions: "
              + totals.rows().get(0).get(0)
              + " lines, total order value "
              + ((BigDecimal) totals.rows().get(0).get(1)).toPlainString());
      out.println();
      out.println(
          "Where each operator ran and what it did (warm run; rows out, time in the operator"
              + " itself):");
      out.println(locus.executor().explain(top.plan(), result.stats()));
      long rowsRead =
          result.stats().operators().stream()
              .filter(stats -> stats.operator().equals("Scan"))
              .mapToLong(OperatorStats::rowsOut)
              .sum();
      out.printf(
          Locale.ROOT,
          "Read %,d rows from 3 sources; query time %.1f ms on %d partitions.%n",
          rowsRead,
          result.stats().wallNanos() / 1e6,
          locus.executor().parallelism());
      new ClusterRestockDemo(this, out).run(result);
    }
  }

  /** Restock lines: products that sold more in the last four weeks than the store has left. */
  public Table suggestions(Locus locus) {
    Table recentSales =
        locus
            .read(JdbcSource.table(jdbcUrl(), "sales"))
            .filter(col("sale_date").gt(date(AS_OF.minusWeeks(4).toString())))
            .groupBy("store_id", "product_id")
            .agg(sum(col("quantity")).as("sold_4w"), count(col("sale_id")).as("sales_4w"));
    Table inventory = locus.read(CsvSource.read(inventoryDirectory()));
    Table catalog =
        locus
            .read(TpchSource.table("part", CATALOG_SCALE_FACTOR))
            .select("p_partkey", "p_name", "p_brand", "p_retailprice");
    return recentSales
        .join(inventory, col("store_id").eq(col("store")).and(col("product_id").eq(col("sku"))))
        .filter(col("on_hand").lt(col("sold_4w")))
        .join(catalog, col("product_id").eq(col("p_partkey")))
        .select(
            col("store_id"),
            col("product_id"),
            col("p_name").as("product"),
            col("p_brand").as("brand"),
            col("on_hand"),
            col("sold_4w"),
            col("sold_4w").minus(col("on_hand")).as("order_qty"),
            col("sold_4w").minus(col("on_hand")).times(col("p_retailprice")).as("order_value"))
        .orderBy(desc(col("order_value")), asc(col("store_id")), asc(col("product_id")));
  }

  /** Writes the demo's sales database and inventory files unless they are already there. */
  public void generateData() {
    Path marker = dataDirectory.resolve("ready-" + salesRows);
    if (Files.exists(marker)) {
      out.println("Using demo data in " + dataDirectory);
      return;
    }
    progress.step(
        "Generating " + salesRows + " sales rows in H2 and " + STORES + " inventory CSV files",
        () -> {
          try {
            Files.createDirectories(inventoryDirectory());
            writeSales();
            writeInventory();
            Files.writeString(marker, AS_OF.toString());
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  private void writeSales() {
    Random random = new Random(42);
    try (Connection connection = DriverManager.getConnection(jdbcUrl());
        Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE IF EXISTS sales");
      statement.execute(
          "CREATE TABLE sales (sale_id BIGINT PRIMARY KEY, store_id INT NOT NULL,"
              + " product_id BIGINT NOT NULL, sale_date DATE NOT NULL, quantity INT NOT NULL,"
              + " amount DECIMAL(12, 2) NOT NULL)");
      connection.setAutoCommit(false);
      try (PreparedStatement insert =
          connection.prepareStatement("INSERT INTO sales VALUES (?, ?, ?, ?, ?, ?)")) {
        for (int i = 1; i <= salesRows; i++) {
          // Popular products sell more: a skewed product choice.
          long product = 1 + (long) (PRODUCTS * Math.pow(random.nextDouble(), 2.5));
          int quantity = 1 + random.nextInt(6);
          insert.setLong(1, i);
          insert.setInt(2, 1 + random.nextInt(STORES));
          insert.setLong(3, product);
          insert.setObject(4, AS_OF.minusDays(random.nextInt(90)));
          insert.setInt(5, quantity);
          insert.setBigDecimal(
              6, BigDecimal.valueOf(quantity * (500 + random.nextInt(150_000)), 2));
          insert.addBatch();
          if (i % 10_000 == 0) {
            insert.executeBatch();
          }
        }
        insert.executeBatch();
      }
      connection.commit();
    } catch (SQLException e) {
      throw new LocusException(
          ErrorCode.SOURCE_UNAVAILABLE,
          "Cannot write demo data to " + jdbcUrl() + ": " + e.getMessage(),
          e);
    }
  }

  private void writeInventory() throws IOException {
    Random random = new Random(7);
    for (int store = 1; store <= STORES; store++) {
      Path file = inventoryDirectory().resolve(String.format(Locale.ROOT, "store-%02d.csv", store));
      try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        writer.write("store,sku,on_hand,reorder_point\n");
        for (int product = 1; product <= PRODUCTS; product++) {
          writer.write(
              store
                  + ","
                  + product
                  + ","
                  + random.nextInt(60)
                  + ","
                  + (5 + random.nextInt(20))
                  + "\n");
        }
      }
    }
  }
}
