package dev.locus.scheduler.platform;

import static dev.locus.core.expr.Expressions.col;
import static dev.locus.core.expr.Expressions.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.locus.core.api.Locus;
import dev.locus.core.api.Table;
import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.execution.ExecutorConfig;
import dev.locus.core.plan.Aggregate;
import dev.locus.core.plan.Filter;
import dev.locus.core.plan.LogicalPlan;
import dev.locus.core.plan.Project;
import dev.locus.core.plan.Scan;
import dev.locus.core.plan.rewrite.LogicalRewrites;
import dev.locus.core.platform.PlatformCosts;
import dev.locus.core.source.tpch.TpchSource;
import dev.locus.costmodel.Optimized;
import dev.locus.costmodel.Optimizer;
import dev.locus.scheduler.LocalExecutor;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The optimizer's choice of platform, checked on plans over TPC-H lineitem at SF 0.01. */
class OptimizerIT {
  private static final PlatformCosts NATIVE = new PlatformCosts(0.3, 12, 0, 0);
  private static final Set<Class<? extends LogicalPlan>> SCAN_FILTER =
      Set.of(Scan.class, Filter.class, Project.class);

  private static Locus locus;
  private static LocalExecutor executor;

  @BeforeAll
  static void start() {
    executor = new LocalExecutor(ExecutorConfig.defaults());
    locus = Locus.using(executor);
  }

  @AfterAll
  static void stop() {
    locus.close();
  }

  private static Table revenueByFlag() {
    return locus
        .read(TpchSource.table("lineitem", 0.01))
        .filter(col("l_quantity").lt(10))
        .groupBy("l_returnflag")
        .agg(sum(col("l_extendedprice")).as("revenue"));
  }

  private static LogicalPlan plan(Table table) {
    return LogicalRewrites.apply(table.plan());
  }

  @Test
  void keepsEverythingNativeWhenAnotherPlatformsStartupCostsMore() {
    try (MirrorPlatform slow =
        new MirrorPlatform("slow", new PlatformCosts(5_000, 1, 0, 0), SCAN_FILTER)) {
      Optimized optimized =
          new Optimizer(NATIVE, List.of(slow), Map.of()).optimize(plan(revenueByFlag()), null);

      assertThat(optimized.executable()).isEqualTo(optimized.logical());
      assertThat(optimized.platformOf(optimized.logical())).isEqualTo("native");
      assertThat(optimized.explain(null))
          .contains("(#0, native, est. rows")
          .contains("slow cannot: Aggregate is not one of slow's operators")
          .containsPattern(
              "Filter\\[.*\\(#2, native, est\\. rows \\d+ \\[\\w+\\], cost [0-9.]+ ms; slow [0-9.]+ ms");
      assertThat(slow.ran()).isEmpty();
    }
  }

  @Test
  void theExecutedPlanShowsTheCostModelsEstimates() {
    try (MirrorPlatform fast =
        new MirrorPlatform("fast", new PlatformCosts(0, 0.1, 0, 0.1), SCAN_FILTER)) {
      Optimized optimized =
          new Optimizer(NATIVE, List.of(fast), Map.of()).optimize(plan(revenueByFlag()), null);
      String explained = optimized.explain(null);
      String platforms = explained.substring(0, explained.indexOf("Executed plan:"));
      String executed = explained.substring(explained.indexOf("Executed plan:"));

      // The filter ran on the fast platform: in the executed plan a scan of its result, estimated
      // as the cost model estimated the filter (not as the source "fast:..." tells).
      Matcher filter = Pattern.compile("Filter\\[.*est\\. rows (\\d+) ").matcher(platforms);
      assertThat(filter.find()).isTrue();
      Matcher aggregate = Pattern.compile("Aggregate\\[.*est\\. rows (\\d+) ").matcher(platforms);
      assertThat(aggregate.find()).isTrue();
      assertThat(executed)
          .containsPattern("Scan\\[fast:.*\\(#1, est\\. rows " + filter.group(1) + "\\)")
          .containsPattern("Aggregate\\[.*\\(#0, est\\. rows " + aggregate.group(1) + "\\)");
      // Three return flags (A, N, R), where core's simple estimator says a tenth of the input.
      assertThat(aggregate.group(1)).isEqualTo("3");
    }
  }

  @Test
  void sendsTheFilterToACheapPlatformAndAggregatesNativelyWithTheSameAnswer() {
    try (MirrorPlatform fast =
        new MirrorPlatform("fast", new PlatformCosts(0, 0.1, 0, 0.1), SCAN_FILTER)) {
      Optimized optimized =
          new Optimizer(NATIVE, List.of(fast), Map.of()).optimize(plan(revenueByFlag()), null);

      LogicalPlan executable = optimized.executable();
      assertThat(executable).isInstanceOf(Aggregate.class);
      LogicalPlan input = executable.inputs().get(0);
      assertThat(input).isInstanceOf(Scan.class);
      assertThat(((Scan) input).source().name()).startsWith("fast:");
      // The aggregate's whole input (the filter with its scan) went to the cheap platform.
      assertThat(fast.ran()).singleElement().isSameAs(optimized.logical().inputs().get(0));
      assertThat(optimized.explain(null)).contains(", fast, est. rows");
      assertThat(locus.execute(executable).rows())
          .containsExactlyInAnyOrderElementsOf(revenueByFlag().execute().rows());
    }
  }

  /**
   * A Spark cluster of 64 times this machine's cores that reads the data itself (no rows moved in):
   * 2 s to start a job, 1/64 of the native cost per row. The model predicts the input size where
   * its start-up is repaid; the choice flips there, and explain says why.
   */
  @Test
  void aLargeClusterWinsAboveTheInputSizeTheModelPredicts() {
    double startup = 2_000;
    double clusterPerRow = NATIVE.millisPerMillionRows() / 64;
    PlatformCosts cluster = new PlatformCosts(startup, clusterPerRow, 0, 400);
    Set<Class<? extends LogicalPlan>> all =
        Set.of(Scan.class, Filter.class, Project.class, Aggregate.class);
    try (MirrorPlatform spark = new MirrorPlatform("spark", cluster, all)) {
      Optimizer optimizer = new Optimizer(NATIVE, List.of(spark), Map.of());
      // Rows each operator handles per lineitem row: the scan's, the filter's input, and the
      // aggregate's input (the rows the filter keeps).
      LogicalPlan small = plan(revenueByFlag(1));
      dev.locus.costmodel.CardinalityModel model = new dev.locus.costmodel.CardinalityModel();
      LogicalPlan filter = small.inputs().get(0);
      while (!(filter instanceof Filter)) {
        filter = filter.inputs().get(0);
      }
      double kept = model.estimate(filter).rows() / model.estimate(filter.inputs().get(0)).rows();
      double workPerRow = 2 + kept;
      double crossoverRows =
          startup / ((NATIVE.millisPerMillionRows() - clusterPerRow) * workPerRow) * 1e6;
      double crossoverScale = crossoverRows / 6_000_000;

      Optimized below = optimizer.optimize(plan(revenueByFlag(crossoverScale / 3)), null);
      Optimized above = optimizer.optimize(plan(revenueByFlag(crossoverScale * 3)), null);

      assertThat(below.platformOf(below.logical())).isEqualTo("native");
      assertThat(above.platformOf(above.logical())).isEqualTo("spark");
      assertThat(below.reason()).startsWith("native ").contains(" < spark ");
      assertThat(above.explain(null)).contains("Why: spark ").contains(" < native ");
    }
  }

  private static Table revenueByFlag(double scaleFactor) {
    return locus
        .read(TpchSource.table("lineitem", scaleFactor))
        .filter(col("l_quantity").lt(10))
        .groupBy("l_returnflag")
        .agg(sum(col("l_extendedprice")).as("revenue"));
  }

  @Test
  void aForcedPlatformThatCannotRunAnOperatorSaysWhich() {
    try (MirrorPlatform fast =
        new MirrorPlatform("fast", new PlatformCosts(0, 0.1, 0, 0.1), SCAN_FILTER)) {
      Optimizer optimizer = new Optimizer(NATIVE, List.of(fast), Map.of());

      assertThatThrownBy(() -> optimizer.optimize(plan(revenueByFlag()), "fast"))
          .isInstanceOf(LocusException.class)
          .hasMessageStartingWith("Platform fast cannot run Aggregate[")
          .hasMessageEndingWith(": Aggregate is not one of fast's operators")
          .extracting(e -> ((LocusException) e).code())
          .isEqualTo(ErrorCode.NOT_SUPPORTED);
      assertThatThrownBy(() -> optimizer.optimize(plan(revenueByFlag()), "spork"))
          .isInstanceOf(LocusException.class)
          .hasMessage("Unknown platform 'spork'; available: [native, fast] or auto");
    }
  }

  @Test
  void withPlatformPutsOneOperatorWhereTheUserSays() {
    try (MirrorPlatform slow =
        new MirrorPlatform("slow", new PlatformCosts(5_000, 1, 0, 0), SCAN_FILTER)) {
      Optimizer optimizer = new Optimizer(NATIVE, List.of(slow), Map.of());
      Table filtered =
          locus
              .read(TpchSource.table("lineitem", 0.01))
              .filter(col("l_quantity").lt(10))
              .withPlatform("slow")
              .groupBy("l_returnflag")
              .agg(sum(col("l_extendedprice")).as("revenue"));

      Optimized optimized = optimizer.optimize(plan(filtered), null);

      // Costlier there, but asked for: the filter (with the scan under it, and the projection
      // column pruning put over it) runs on slow.
      assertThat(slow.ran()).hasSize(1);
      assertThat(optimized.explain(null)).containsPattern("Filter\\[.*\\(#\\d+, slow, ");
      assertThat(locus.execute(optimized.executable()).rows())
          .containsExactlyInAnyOrderElementsOf(revenueByFlag().execute().rows());

      Table aggregated = revenueByFlag().withPlatform("slow");
      assertThatThrownBy(() -> optimizer.optimize(plan(aggregated), null))
          .isInstanceOf(LocusException.class)
          .hasMessageStartingWith("Platform slow cannot run Aggregate[")
          .hasMessageEndingWith(": Aggregate is not one of slow's operators");
    }
  }

  @Test
  void aForcedPlatformRunsEveryOperatorItCan() {
    try (MirrorPlatform everything =
        new MirrorPlatform(
            "everything",
            new PlatformCosts(1_000, 100, 0, 0),
            Set.of(Scan.class, Filter.class, Project.class, Aggregate.class))) {
      Optimized optimized =
          new Optimizer(NATIVE, List.of(everything), Map.of())
              .optimize(plan(revenueByFlag()), "everything");

      assertThat(optimized.executable()).isInstanceOf(Scan.class);
      assertThat(everything.ran()).singleElement().isInstanceOf(Aggregate.class);
      assertThat(locus.execute(optimized.executable()).rows())
          .containsExactlyInAnyOrderElementsOf(revenueByFlag().execute().rows());
    }
  }
}
