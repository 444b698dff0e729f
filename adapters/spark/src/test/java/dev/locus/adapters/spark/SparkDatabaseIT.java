package dev.locus.adapters.spark;

import static dev.locus.core.expr.Expressions.col;
import static dev.locus.core.expr.Expressions.sum;
import static org.assertj.core.api.Assertions.assertThat;

import dev.locus.adapters.jdbc.JdbcSource;
import dev.locus.adapters.jdbc.PostgresServer;
import dev.locus.adapters.jdbc.TableCopy;
import dev.locus.core.api.Locus;
import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.execution.ExecutorConfig;
import dev.locus.core.plan.Filter;
import dev.locus.core.plan.LogicalPlan;
import dev.locus.core.plan.Scan;
import dev.locus.core.plan.rewrite.LogicalRewrites;
import dev.locus.core.platform.Platform;
import dev.locus.core.platform.PlatformCosts;
import dev.locus.core.source.DatabaseTable;
import dev.locus.core.source.Source;
import dev.locus.core.source.SourceSplit;
import dev.locus.core.source.tpch.TpchSource;
import dev.locus.core.type.Schema;
import dev.locus.costmodel.CardinalityModel;
import dev.locus.costmodel.CostCalibration;
import dev.locus.costmodel.Optimized;
import dev.locus.costmodel.Optimizer;
import dev.locus.scheduler.tpch.TpchQueries;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Spark reading PostgreSQL tables itself, as executors in other JVMs do (Arrow IPC transfer): the
 * answers equal Locus's own reading of the same tables, and a Spark cluster of many cores is chosen
 * for a table in the database from the input size its cost parameters predict.
 */
class SparkDatabaseIT {
  private static final double SCALE_FACTOR = 0.01;
  private static final List<String> TABLES = List.of("lineitem", "orders", "customer");

  private static PostgresServer server;
  private static Platform spark;
  private static Locus locus;

  @BeforeAll
  static void start() throws Exception {
    server = PostgresServer.start("C");
    locus = Locus.local(ExecutorConfig.defaults().withPlatform("native"));
    for (String table : TABLES) {
      copy(table);
    }
    server.execute("ANALYZE");
    spark = new SparkPlatformFactory().create(Map.of("locus.transfer", "ipc"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (spark != null) {
      spark.close();
    }
    if (locus != null) {
      locus.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private static void copy(String name) throws SQLException {
    TpchSource source = TpchSource.table(name, SCALE_FACTOR);
    try (Connection connection = DriverManager.getConnection(server.url())) {
      connection.setAutoCommit(false);
      TableCopy.copy(
          connection,
          name,
          source.schema(),
          source.uniqueKeys().get(0),
          locus.read(source).collect());
      connection.commit();
    }
  }

  private static Function<String, Source> database() {
    return name -> JdbcSource.table(server.url(), name);
  }

  /**
   * The same tables, but Locus may not read them: only Spark's own JDBC reader can. The answer
   * therefore proves Spark read the database itself.
   */
  private static Function<String, Source> sparkOnly() {
    return name -> new UnreadableByLocus(JdbcSource.table(server.url(), name), -1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"q1", "q3", "q6", "q12"})
  void sparkReadsTheDatabaseItselfAndGivesLocusesAnswer(String query) {
    LogicalPlan expected = TpchQueries.query(query, locus, database()).plan();
    LogicalPlan direct = TpchQueries.query(query, locus, sparkOnly()).plan();
    for (LogicalPlan node : PlanComparison.nodes(direct)) {
      if (node instanceof Scan scan) {
        assertThat(spark.readsDirectly(scan)).as(scan.describe()).isTrue();
      }
    }

    List<List<Object>> want = locus.execute(expected).rows();
    List<List<Object>> got = locus.read(spark.run(direct)).execute().rows();

    assertThat(got).containsExactlyElementsOf(want);
  }

  @Test
  void aClusterOfManyCoresReadingTheDatabaseWinsAboveTheSizeItsCostsPredict() {
    try (Platform cluster =
        new SparkPlatformFactory()
            .create(
                Map.of("spark.master", "spark://spark.invalid:7077", "spark.cores.max", "64"))) {
      PlatformCosts nativeCosts = CostCalibration.nativeDefaults();
      PlatformCosts clusterCosts = cluster.costs();
      Optimizer optimizer = new Optimizer(nativeCosts, List.of(cluster), Map.of());
      // Rows each operator handles per lineitem row: the scan's, the filter's input and the
      // aggregate's input (the rows the filter keeps); the cluster reads the table itself, so no
      // rows move in, and its start-up is repaid above this many rows:
      LogicalPlan sample = revenueByFlag(60_000);
      double kept = kept(sample);
      double workPerRow = 2 + kept;
      double crossover =
          clusterCosts.startupMillis()
              / ((nativeCosts.millisPerMillionRows() - clusterCosts.millisPerMillionRows())
                  * workPerRow)
              * 1e6;

      Optimized below = optimizer.optimize(revenueByFlag((long) (crossover / 3)), null);
      Optimized above = optimizer.optimize(revenueByFlag((long) (crossover * 3)), null);

      assertThat(below.platformOf(below.logical())).isEqualTo("native");
      assertThat(above.platformOf(above.logical())).isEqualTo("spark");
      assertThat(below.reason()).startsWith("native ").contains(" < spark ");
      assertThat(above.explain(null))
          .contains("Why: spark ")
          .contains(" < native ")
          .contains("spark: (spark://spark.invalid:7077, 64 cores, ipc transfer) start-up");
    }
  }

  @Test
  void theSameClusterStaysUnusedForRowsItWouldHaveToReceiveFromLocus() {
    try (Platform cluster =
        new SparkPlatformFactory()
            .create(
                Map.of("spark.master", "spark://spark.invalid:7077", "spark.cores.max", "64"))) {
      Optimizer optimizer =
          new Optimizer(CostCalibration.nativeDefaults(), List.of(cluster), Map.of());
      // 600 million generated rows: sending them costs more per row than all the native work.
      LogicalPlan plan =
          LogicalRewrites.apply(
              locus
                  .read(TpchSource.table("lineitem", 100))
                  .filter(col("l_quantity").lt(10))
                  .groupBy("l_returnflag")
                  .agg(sum(col("l_extendedprice")).as("revenue"))
                  .plan());

      Optimized optimized = optimizer.optimize(plan, null);

      assertThat(optimized.platformOf(optimized.logical())).isEqualTo("native");
      assertThat(optimized.reason()).startsWith("native ").contains(" < spark ");
    }
  }

  private static double kept(LogicalPlan plan) {
    LogicalPlan filter = plan;
    while (!(filter instanceof Filter)) {
      filter = filter.inputs().get(0);
    }
    CardinalityModel model = new CardinalityModel();
    return model.estimate(filter).rows() / model.estimate(filter.inputs().get(0)).rows();
  }

  private static LogicalPlan revenueByFlag(long rows) {
    Source lineitem = new UnreadableByLocus(JdbcSource.table(server.url(), "lineitem"), rows);
    return LogicalRewrites.apply(
        locus
            .read(lineitem)
            .filter(col("l_quantity").lt(10))
            .groupBy("l_returnflag")
            .agg(sum(col("l_extendedprice")).as("revenue"))
            .plan());
  }

  /**
   * A database table that Locus's engine may not read (its splits fail); statistics may sample it
   * through the table's own splits. {@code rows} overrides its size (-1: the database's).
   */
  private static final class UnreadableByLocus implements Source, DatabaseTable {
    private final JdbcSource table;
    private final long rows;

    UnreadableByLocus(JdbcSource table, long rows) {
      this.table = table;
      this.rows = rows;
    }

    @Override
    public String name() {
      return "spark-only:" + table.name() + (rows < 0 ? "" : "@" + rows);
    }

    @Override
    public Schema schema() {
      return table.schema();
    }

    @Override
    public long estimatedRows() {
      return rows < 0 ? table.estimatedRows() : rows;
    }

    @Override
    public List<List<Integer>> uniqueKeys() {
      return table.uniqueKeys();
    }

    @Override
    public List<SourceSplit> splits(int parallelism) {
      if (rows >= 0) {
        return table.splits(parallelism);
      }
      throw new LocusException(
          ErrorCode.INTERNAL_ERROR, name() + " must be read by Spark, not by Locus");
    }

    @Override
    public String connectionUrl() {
      return table.connectionUrl();
    }

    @Override
    public Properties connectionProperties() {
      return table.connectionProperties();
    }

    @Override
    public String qualifiedTableName() {
      return table.qualifiedTableName();
    }

    @Override
    public List<String> columnNames() {
      return table.columnNames();
    }

    @Override
    public Optional<KeyRange> keyRange() {
      return table.keyRange();
    }
  }
}
