package dev.locus.cli.bench;

import dev.locus.cli.output.TextTable;
import dev.locus.core.api.Locus;
import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.execution.ExecutorConfig;
import dev.locus.core.source.tpch.TpchCatalog;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Field;
import dev.locus.core.type.Schema;
import dev.locus.sql.tpch.ResultComparison;
import dev.locus.sql.tpch.ResultRows;
import dev.locus.sql.tpch.TpchDuckDb;
import dev.locus.sql.tpch.TpchMemoryTables;
import dev.locus.sql.tpch.TpchQueries;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code locus bench tpch}: the 22 TPC-H queries on Locus and on DuckDB, in this process, on the
 * same rows, with the same number of threads. Both engines get the tables in memory before the
 * clock starts (Locus as Arrow batches, DuckDB in its own tables); each query runs once to warm up
 * and then {@code --runs} times, and the median counts. Locus's answer is checked against DuckDB's.
 */
@Command(
    name = "tpch",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Runs TPC-H queries on Locus and on an in-memory DuckDB holding the same rows, with the same"
          + " number of threads, and prints the median times, their ratio and whether the answers"
          + " match. Progress goes to standard error.",
      "Example: locus bench tpch --sf 1 --queries 1,3,6 --runs 3"
    })
public final class TpchBench implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--sf",
      paramLabel = "SF",
      defaultValue = "1",
      description = "TPC-H scale factor (default: ${DEFAULT-VALUE}, about 1 GB).")
  double scaleFactor;

  @Option(
      names = "--queries",
      paramLabel = "N,N,...",
      split = ",",
      description = "The queries to run, numbers from 1 to 22 (default: all).")
  List<Integer> queries;

  @Option(
      names = "--runs",
      paramLabel = "N",
      defaultValue = "3",
      description = "Measured runs per query and engine, after one warm-up (default: 3).")
  int runs;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "Threads of each engine (default: the cores).")
  Integer threads;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "600",
      description =
          "Longest a single Locus run may take before the query counts as FAILED (default: 600).")
  long timeoutSeconds;

  private PrintWriter err;
  private TpchMemoryTables tables;
  private Locus locus;
  private ExecutorService runner;
  private boolean abandoned;

  @Override
  public Integer call() {
    List<Integer> numbers = queries == null ? TpchQueries.numbers() : List.copyOf(queries);
    int threadCount = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    validate(numbers, threadCount);
    PrintWriter out = spec.commandLine().getOut();
    err = spec.commandLine().getErr();
    runner = newRunner();
    String scale = BigDecimal.valueOf(scaleFactor).stripTrailingZeros().toPlainString();
    try (TpchDuckDb duckDb =
        step(
            "Loading TPC-H SF " + scale + " into DuckDB",
            () -> TpchDuckDb.load(scaleFactor, threadCount))) {
      duckDb.setThreads(threadCount);
      tables =
          step(
              "Generating TPC-H SF " + scale + " into memory for Locus",
              () -> TpchMemoryTables.load(scaleFactor));
      err.printf(Locale.ROOT, "Locus holds %.1f MB of Arrow batches%n", tables.bytes() / 1e6);
      locus = openLocus(threadCount);
      List<QueryTiming> timings = new ArrayList<>();
      for (int number : numbers) {
        timings.add(measure(number, duckDb, threadCount));
      }
      out.printf(
          Locale.ROOT,
          "TPC-H SF %s, %d threads per engine, median of %d runs after 1 warm-up%n",
          scale,
          threadCount,
          runs);
      out.print(render(timings));
      out.flush();
      return 0;
    } finally {
      runner.shutdownNow();
      if (locus != null && !abandoned) {
        locus.close();
      }
      // A query that ran past its timeout may still read the tables: leave them to the exit.
      if (tables != null && !abandoned) {
        tables.close();
      }
    }
  }

  private void validate(List<Integer> numbers, int threadCount) {
    for (int number : numbers) {
      TpchQueries.resourcePath(number); // rejects numbers outside 1..22
    }
    if (runs < 1) {
      throw new LocusException(
          ErrorCode.INVALID_ARGUMENT, "--runs must be at least 1; found " + runs);
    }
    if (threadCount < 1) {
      throw new LocusException(
          ErrorCode.INVALID_ARGUMENT, "--threads must be at least 1; found " + threadCount);
    }
    if (timeoutSeconds < 1) {
      throw new LocusException(
          ErrorCode.INVALID_ARGUMENT,
          "--timeout must be at least 1 second; found " + timeoutSeconds);
    }
  }

  private static ExecutorService newRunner() {
    return Executors.newSingleThreadExecutor(
        runnable -> {
          Thread thread = new Thread(runnable, "locus-bench-query");
          thread.setDaemon(true);
          return thread;
        });
  }

  private Locus openLocus(int threadCount) {
    Locus session = Locus.local(ExecutorConfig.defaults().withParallelism(threadCount));
    session.registerCatalog("tpch", TpchCatalog.schemas());
    tables.registerIn(session);
    return session;
  }

  private QueryTiming measure(int number, TpchDuckDb duckDb, int threadCount) {
    String query = TpchQueries.query(number);
    err.printf(Locale.ROOT, "Q%d: DuckDB", number);
    err.flush();
    ResultRows expected = duckDb.query(query);
    double[] duckDbTimes = new double[runs];
    for (int run = 0; run < runs; run++) {
      long start = System.nanoTime();
      expected = duckDb.query(query);
      duckDbTimes[run] = millisSince(start);
    }
    double duckDbMillis = median(duckDbTimes);
    err.printf(Locale.ROOT, " %.1f ms, Locus", duckDbMillis);
    err.flush();
    ResultRows actual;
    double[] locusTimes = new double[runs];
    try {
      actual = runLocus(number, query, threadCount);
      for (int run = 0; run < runs; run++) {
        long start = System.nanoTime();
        runLocus(number, query, threadCount);
        locusTimes[run] = millisSince(start);
      }
    } catch (RuntimeException e) {
      String message = e.getMessage() == null ? e.toString() : e.getMessage();
      err.printf(Locale.ROOT, " FAILED: %s%n", message);
      err.flush();
      return new QueryTiming(
          number,
          OptionalDouble.empty(),
          duckDbMillis,
          expected.size(),
          QueryTiming.Outcome.FAILED,
          message);
    }
    double locusMillis = median(locusTimes);
    String difference = ResultComparison.difference(query, expected, actual).orElse("");
    QueryTiming.Outcome outcome =
        difference.isEmpty() ? QueryTiming.Outcome.MATCH : QueryTiming.Outcome.DIFFERENT;
    err.printf(
        Locale.ROOT,
        " %.1f ms, %s%n",
        locusMillis,
        outcome == QueryTiming.Outcome.MATCH ? "same answer" : "DIFFERENT answer");
    err.flush();
    return new QueryTiming(
        number, OptionalDouble.of(locusMillis), duckDbMillis, actual.size(), outcome, difference);
  }

  /** One Locus run, given up after the timeout (the engine cannot cancel a query yet). */
  private ResultRows runLocus(int number, String query, int threadCount) {
    Locus session = locus;
    Future<ResultRows> run = runner.submit(() -> ResultRows.of(session.sql(query).execute()));
    try {
      return run.get(timeoutSeconds, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      run.cancel(true);
      // The abandoned run keeps its threads and its batches until it ends on its own; the next
      // queries get a fresh session, and share the cores with it meanwhile.
      abandoned = true;
      runner.shutdownNow();
      runner = newRunner();
      locus = openLocus(threadCount);
      throw new TimedOut(
          "Q"
              + number
              + " ran longer than the timeout of "
              + timeoutSeconds
              + " s (--timeout); it was abandoned and may still slow the queries after it");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LocusException(ErrorCode.INTERNAL_ERROR, "Interrupted while running Q" + number, e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new LocusException(ErrorCode.INTERNAL_ERROR, "Q" + number + " failed: " + cause, cause);
    }
  }

  /** A Locus run that took longer than the timeout. */
  private static final class TimedOut extends RuntimeException {
    TimedOut(String message) {
      super(message);
    }
  }

  /** The table of timings, the geometric mean of the ratios, and what failed or differed. */
  static String render(List<QueryTiming> timings) {
    Schema schema =
        new Schema(
            List.of(
                Field.notNull("query", DataType.VARCHAR),
                Field.nullable("locus_ms", DataType.decimal(18, 1)),
                Field.notNull("duckdb_ms", DataType.decimal(18, 1)),
                Field.nullable("ratio", DataType.decimal(18, 2)),
                Field.notNull("rows", DataType.BIGINT),
                Field.notNull("result", DataType.VARCHAR)));
    List<List<Object>> rows = new ArrayList<>();
    double logSum = 0;
    int measured = 0;
    for (QueryTiming timing : timings) {
      OptionalDouble ratio = timing.ratio();
      rows.add(
          Arrays.asList(
              "Q" + timing.query(),
              timing.locusMillis().isPresent()
                  ? rounded(timing.locusMillis().getAsDouble(), 1)
                  : "FAILED",
              rounded(timing.duckDbMillis(), 1),
              ratio.isPresent() ? rounded(ratio.getAsDouble(), 2) : "-",
              timing.rows(),
              switch (timing.outcome()) {
                case MATCH -> "match";
                case DIFFERENT -> "DIFFERENT";
                case FAILED -> "FAILED";
              }));
      if (ratio.isPresent()) {
        logSum += Math.log(ratio.getAsDouble());
        measured++;
      }
    }
    StringBuilder text = new StringBuilder(TextTable.render(schema, rows));
    if (measured > 0) {
      text.append(
          String.format(
              Locale.ROOT,
              "Geometric mean of Locus/DuckDB over %d of %d queries: %.2f%n",
              measured,
              timings.size(),
              Math.exp(logSum / measured)));
    } else {
      text.append("Geometric mean of Locus/DuckDB: no query ran on Locus\n");
    }
    for (QueryTiming timing : timings) {
      if (timing.outcome() != QueryTiming.Outcome.MATCH) {
        text.append('\n')
            .append('Q')
            .append(timing.query())
            .append(' ')
            .append(timing.outcome())
            .append(": ")
            .append(timing.detail())
            .append('\n');
      }
    }
    return text.toString();
  }

  private <T> T step(String description, Supplier<T> work) {
    err.print(description + "... ");
    err.flush();
    long start = System.nanoTime();
    T result = work.get();
    err.printf(Locale.ROOT, "done (%.2f s)%n", millisSince(start) / 1000);
    err.flush();
    return result;
  }

  private static BigDecimal rounded(double value, int scale) {
    return BigDecimal.valueOf(value).setScale(scale, RoundingMode.HALF_UP);
  }

  private static double millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e6;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }
}
