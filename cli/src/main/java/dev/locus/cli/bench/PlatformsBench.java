package dev.locus.cli.bench;

import dev.locus.core.api.Locus;
import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.execution.ExecutorConfig;
import dev.locus.costmodel.Optimizer;
import dev.locus.sql.tpch.TpchMemoryTables;
import dev.locus.sql.tpch.TpchQueries;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code locus bench platforms}: the regret table. Each TPC-H query runs with the optimizer's own
 * choice (auto) and forced onto each platform, on the same in-memory tables in one process; the
 * table shows the times and how far auto is from the best forced platform.
 */
@Command(
    name = "platforms",
    mixinStandardHelpOptions = true,
    description =
        "Times TPC-H queries with the optimizer's choice next to each platform forced, and prints"
            + " the regret of the choice.")
public final class PlatformsBench implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--sf",
      split = ",",
      description = "Scale factors (default: ${DEFAULT-VALUE}).",
      defaultValue = "0.01,0.1,1")
  List<Double> scaleFactors;

  @Option(
      names = "--queries",
      split = ",",
      description = "TPC-H query numbers (default: ${DEFAULT-VALUE}).",
      defaultValue = "1,3,5,6,9,18")
  List<Integer> queries;

  @Option(
      names = "--platforms",
      split = ",",
      description = "Platforms to force (default: ${DEFAULT-VALUE}).",
      defaultValue = "native,spark,flink")
  List<String> platforms;

  @Option(
      names = "--runs",
      description =
          "Timed runs per cell, the median counts (default: ${DEFAULT-VALUE}); above SF 0.1,"
              + " Spark and Flink get --large-runs.",
      defaultValue = "11")
  int runs;

  @Option(
      names = "--large-runs",
      description =
          "Timed runs per cell above SF 0.1, the median counts (default: ${DEFAULT-VALUE}).",
      defaultValue = "3")
  int largeRuns;

  @Option(
      names = "--timeout",
      description =
          "Seconds a run may take before it counts as failed (default: ${DEFAULT-VALUE}).",
      defaultValue = "300")
  long timeoutSeconds;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    List<String> modes = new ArrayList<>();
    modes.add("auto");
    modes.addAll(platforms);
    Map<String, Locus> sessions = new LinkedHashMap<>();
    for (String mode : modes) {
      sessions.put(mode, Locus.local(ExecutorConfig.defaults().withPlatform(mode)));
    }
    ExecutorService runner = Executors.newCachedThreadPool();
    int cells = 0;
    int withinTenPercent = 0;
    try {
      StringBuilder header = new StringBuilder(" sf    | query");
      modes.forEach(mode -> header.append(String.format(Locale.ROOT, " | %9s ms", mode)));
      out.println(header.append(" | auto/best"));
      out.flush();
      for (double scaleFactor : scaleFactors) {
        System.err.printf(Locale.ROOT, "Loading TPC-H SF %s...%n", scaleFactor);
        try (TpchMemoryTables tables = TpchMemoryTables.load(scaleFactor)) {
          sessions.values().forEach(tables::registerIn);
          for (int query : queries) {
            String sql = TpchQueries.query(query);
            // A warm-up of every mode; then Spark's and Flink's runs (--large-runs above SF 0.1),
            // taking turns; then, once their threads have finished cleaning up, the native
            // engine's modes (auto and native), --runs runs each, taking turns. Their queries take
            // milliseconds, so another platform's cleanup would otherwise be most of what they
            // measure.
            boolean small = scaleFactor <= 0.1;
            List<String> platformModes =
                modes.stream().filter(mode -> !isNativeEngine(mode)).toList();
            List<String> engineModes =
                modes.stream().filter(PlatformsBench::isNativeEngine).toList();
            Map<String, double[]> samples = new LinkedHashMap<>();
            for (String mode : modes) {
              time(runner, sessions.get(mode), sql);
              settle(mode);
            }
            sample(runner, sessions, sql, platformModes, small ? runs : largeRuns, samples);
            quiet();
            sample(runner, sessions, sql, engineModes, runs, samples);
            Map<String, Double> times = new LinkedHashMap<>();
            samples.forEach(
                (mode, values) -> {
                  java.util.Arrays.sort(values);
                  times.put(mode, values[values.length / 2]);
                });
            double best = Double.POSITIVE_INFINITY;
            for (String mode : platforms) {
              best = Math.min(best, times.get(mode));
            }
            double auto = times.get("auto");
            StringBuilder line =
                new StringBuilder(String.format(Locale.ROOT, " %-5s | Q%-4d", scaleFactor, query));
            for (String mode : modes) {
              double time = times.get(mode);
              line.append(
                  Double.isNaN(time)
                      ? String.format(Locale.ROOT, " | %12s", "timeout")
                      : String.format(Locale.ROOT, " | %12.1f", time));
            }
            double regret = auto / best;
            line.append(String.format(Locale.ROOT, " | %9.2f", regret));
            out.println(line);
            out.flush();
            cells++;
            if (regret <= 1.10) {
              withinTenPercent++;
            }
          }
        }
      }
      out.printf(
          Locale.ROOT,
          "auto within 10%% of the best forced platform in %d of %d cells%n",
          withinTenPercent,
          cells);
    } finally {
      runner.shutdownNow();
      sessions.values().forEach(Locus::close);
    }
    return 0;
  }

  private static boolean isNativeEngine(String mode) {
    return mode.equals("auto") || mode.equals(Optimizer.NATIVE);
  }

  /** Times {@code runs} runs of each mode into {@code samples}, the modes taking turns. */
  private void sample(
      ExecutorService runner,
      Map<String, Locus> sessions,
      String sql,
      List<String> modes,
      int runs,
      Map<String, double[]> samples) {
    for (String mode : modes) {
      samples.put(mode, new double[runs]);
    }
    for (int r = 0; r < runs; r++) {
      // Each run starts with another mode, so that none always follows the same one.
      for (int m = 0; m < modes.size(); m++) {
        String mode = modes.get((m + r) % modes.size());
        samples.get(mode)[r] = time(runner, sessions.get(mode), sql);
        settle(mode);
      }
    }
  }

  /** Waits (untimed) for Spark's and Flink's cleanup threads to finish after their last job. */
  private static void quiet() {
    System.gc();
    try {
      Thread.sleep(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Between runs, untimed: the heap is collected, so that no run pays for the garbage of the one
   * before; after a Spark or Flink job their threads go on cleaning up for a while, and the next
   * measurement waits for that instead of paying for it.
   */
  private static void settle(String mode) {
    System.gc();
    if (mode.equals("spark") || mode.equals("flink")) {
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Milliseconds of one run, NaN past the timeout. */
  private double time(ExecutorService runner, Locus locus, String sql) {
    try {
      long start = System.nanoTime();
      run(runner, locus, sql);
      return (System.nanoTime() - start) / 1e6;
    } catch (TimeoutException e) {
      return Double.NaN;
    }
  }

  private void run(ExecutorService runner, Locus locus, String sql) throws TimeoutException {
    Future<Integer> run = runner.submit(() -> locus.sql(sql).execute().rows().size());
    try {
      run.get(timeoutSeconds, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new LocusException(
          ErrorCode.INTERNAL_ERROR, "Benchmark query failed: " + e.getCause().getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LocusException(ErrorCode.INTERNAL_ERROR, "Benchmark interrupted", e);
    } finally {
      run.cancel(true);
    }
  }
}
