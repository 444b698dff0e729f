package dev.locus.cli.calibrate;

import static dev.locus.core.expr.Expressions.col;
import static dev.locus.core.expr.Expressions.sum;
import static java.util.Objects.requireNonNull;

import dev.locus.adapters.jdbc.JdbcSource;
import dev.locus.core.api.Locus;
import dev.locus.core.api.Table;
import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.execution.ExecutorConfig;
import dev.locus.core.plan.Limit;
import dev.locus.core.plan.LogicalPlan;
import dev.locus.core.plan.Scan;
import dev.locus.core.plan.rewrite.LogicalRewrites;
import dev.locus.core.platform.Platform;
import dev.locus.core.platform.PlatformCosts;
import dev.locus.core.source.Source;
import dev.locus.core.source.memory.ArrowMemorySource;
import dev.locus.core.source.tpch.TpchSource;
import dev.locus.costmodel.CostCalibration;
import dev.locus.costmodel.Optimizer;
import dev.locus.costmodel.Platforms;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.apache.arrow.memory.RootAllocator;

/**
 * Measures each platform's cost parameters on this machine, on the same plans over TPC-H lineitem
 * rows: a one-row query (start-up), a scan-filter-aggregate (cost per operator and million rows,
 * counting a scan's and a filter's input and the aggregate's output as the optimizer does) and a
 * plain scan whose rows all come back (cost of moving rows out). For a platform other than native,
 * moving rows in is part of its per-row cost (its scans convert Locus's batches), so "in" is 0. The
 * database platform gets the rows in an in-memory H2 table first, since its data lives there.
 */
public final class Calibrator {
  private static final List<String> COLUMNS =
      List.of("l_quantity", "l_extendedprice", "l_returnflag");

  private final long rows;
  private final int runs;
  private final List<String> only;
  private final PrintStream progress;

  /**
   * @param only the platforms to measure (native among them or not), or null for all
   */
  public Calibrator(long rows, int runs, List<String> only, PrintStream progress) {
    if (rows < 1000) {
      throw new LocusException(
          ErrorCode.INVALID_ARGUMENT, "Calibration needs at least 1000 rows; found " + rows);
    }
    if (runs < 1) {
      throw new LocusException(
          ErrorCode.INVALID_ARGUMENT, "Calibration needs at least 1 run; found " + runs);
    }
    this.rows = rows;
    this.runs = runs;
    this.only = only == null ? null : List.copyOf(only);
    this.progress = requireNonNull(progress, "progress is null");
  }

  /** Calibrates native and every platform that starts, into {@code calibration}. */
  public CostCalibration calibrate(CostCalibration calibration) {
    CostCalibration result = calibration;
    double scaleFactor = rows / 6_000_000.0;
    try (RootAllocator allocator = new RootAllocator();
        ArrowMemorySource lineitem =
            ArrowMemorySource.load(
                TpchSource.table("lineitem", scaleFactor), COLUMNS, allocator, 65_536);
        Locus locus = Locus.local(ExecutorConfig.defaults().withPlatform(Optimizer.NATIVE));
        Platforms platforms = Platforms.load()) {
      long count = lineitem.rowCount();
      progress.printf(Locale.ROOT, "Calibrating on %,d lineitem rows, %d runs each%n", count, runs);
      if (wanted(Optimizer.NATIVE)) {
        PlatformCosts nativeCosts = measureNative(locus, lineitem, count);
        report(Optimizer.NATIVE, nativeCosts);
        result = result.with(Optimizer.NATIVE, nativeCosts, "");
      }
      for (Platform platform : platforms.platforms()) {
        if (!wanted(platform.name())) {
          continue;
        }
        try {
          Source source = platform.name().equals("jdbc") ? intoH2(lineitem, locus) : lineitem;
          PlatformCosts costs = measure(platform, locus, source, count);
          report(platform.name(), costs);
          result = result.with(platform.name(), costs, platform.configuration());
        } catch (LocusException e) {
          progress.printf("%s: not calibrated: %s%n", platform.name(), e.getMessage());
        }
      }
    }
    return result;
  }

  private boolean wanted(String platform) {
    return only == null || only.contains(platform);
  }

  private void report(String platform, PlatformCosts costs) {
    progress.printf(
        Locale.ROOT,
        "%-7s start-up %9.2f ms, %9.2f ms per million rows per operator, out %9.2f ms per"
            + " million rows%n",
        platform,
        costs.startupMillis(),
        costs.millisPerMillionRows(),
        costs.millisPerMillionRowsOut());
  }

  private static Table scanFilterAggregate(Locus locus, Source source) {
    return locus
        .read(source)
        .filter(col("l_quantity").lt(25))
        .groupBy("l_returnflag")
        .agg(sum(col("l_extendedprice")).as("revenue"));
  }

  /** Rows the optimizer counts for the scan-filter-aggregate: scan, filter and aggregate input. */
  private static double workUnits(long count) {
    return 2.5 * count / 1e6;
  }

  private PlatformCosts measureNative(Locus locus, ArrowMemorySource lineitem, long count) {
    double startup = median(() -> locus.read(lineitem).limit(1).collect());
    double query = median(() -> scanFilterAggregate(locus, lineitem).collect());
    return new PlatformCosts(startup, Math.max(0, query - startup) / workUnits(count), 0, 0);
  }

  private PlatformCosts measure(Platform platform, Locus locus, Source source, long count) {
    LogicalPlan scan = Scan.of(source);
    LogicalPlan first = new Limit(scan, 0, 1);
    LogicalPlan aggregate = LogicalRewrites.apply(scanFilterAggregate(locus, source).plan());
    for (LogicalPlan plan : List.of(first, aggregate, scan)) {
      requireRunnable(platform, plan);
    }
    double startup = median(() -> locus.read(platform.run(first)).collect());
    double query = median(() -> locus.read(platform.run(aggregate)).collect());
    double all = median(() -> locus.read(platform.run(scan)).collect());
    double perRow = Math.max(0, query - startup) / workUnits(count);
    double out = Math.max(0, all - startup - perRow * count / 1e6) / (count / 1e6);
    return new PlatformCosts(startup, perRow, 0, out);
  }

  private static void requireRunnable(Platform platform, LogicalPlan plan) {
    platform
        .cannotRun(plan)
        .ifPresent(
            reason -> {
              throw new LocusException(ErrorCode.NOT_SUPPORTED, reason);
            });
    for (LogicalPlan input : plan.inputs()) {
      requireRunnable(platform, input);
    }
  }

  /** Milliseconds of the median of {@code runs} timed runs, after one untimed warm-up run. */
  private double median(Supplier<?> run) {
    run.get();
    double[] times = new double[runs];
    for (int i = 0; i < runs; i++) {
      long start = System.nanoTime();
      run.get();
      times[i] = (System.nanoTime() - start) / 1e6;
    }
    Arrays.sort(times);
    return times[runs / 2];
  }

  /** The rows in an in-memory H2 table, read back through a JDBC source. */
  private Source intoH2(ArrowMemorySource lineitem, Locus locus) {
    String url = "jdbc:h2:mem:locus-calibration;DB_CLOSE_DELAY=-1";
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE IF EXISTS lineitem");
      statement.execute(
          "CREATE TABLE lineitem (l_quantity DECIMAL(15, 2), l_extendedprice DECIMAL(15, 2),"
              + " l_returnflag VARCHAR)");
      List<List<Object>> all = new ArrayList<>();
      locus.read(lineitem).collect().forEach(row -> all.add(row.values()));
      try (PreparedStatement insert =
          connection.prepareStatement("INSERT INTO lineitem VALUES (?, ?, ?)")) {
        int batch = 0;
        for (List<Object> row : all) {
          insert.setBigDecimal(1, (BigDecimal) row.get(0));
          insert.setBigDecimal(2, (BigDecimal) row.get(1));
          insert.setString(3, (String) row.get(2));
          insert.addBatch();
          if (++batch % 10_000 == 0) {
            insert.executeBatch();
          }
        }
        insert.executeBatch();
      }
    } catch (SQLException e) {
      throw new LocusException(
          ErrorCode.SOURCE_UNAVAILABLE, "Cannot load the calibration table into H2: " + e, e);
    }
    return JdbcSource.table(url, "LINEITEM");
  }
}
