package dev.locus.cli;

import dev.locus.adapters.jdbc.JdbcCatalog;
import dev.locus.cli.output.OutputFormat;
import dev.locus.cli.sql.SqlShell;
import dev.locus.cli.sql.Statements;
import dev.locus.client.JobHandle;
import dev.locus.client.JobResult;
import dev.locus.client.JobState;
import dev.locus.client.JobStatus;
import dev.locus.client.LocusClient;
import dev.locus.core.api.Locus;
import dev.locus.core.api.Table;
import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.execution.ExecutorConfig;
import dev.locus.core.execution.QueryResult;
import dev.locus.core.source.csv.CsvSource;
import dev.locus.core.source.tpch.TpchCatalog;
import dev.locus.core.source.tpch.TpchSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code locus sql}: runs SQL over the TPC-H generator, JDBC databases and CSV files, from the
 * command line, a file or an interactive prompt.
 */
@Command(
    name = "sql",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Runs SQL over the built-in TPC-H generator (tpch.sf1.lineitem, tpch.tiny.nation, ...),"
          + " JDBC databases and CSV files. Without QUERY or -f, reads statements ended by ;"
          + " at an interactive prompt (quit, exit or Ctrl-D to leave).",
      "Example: locus sql --tpch 0.01 \"SELECT n_name FROM nation WHERE n_regionkey = 1\"",
      "On a cluster: locus sql --cluster http://coordinator:8080"
          + " \"SELECT count(*) FROM tpch.sf1.orders\""
    })
final class SqlCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--tpch",
      paramLabel = "SF",
      description =
          "Also register the eight TPC-H tables at scale factor SF under their own names"
              + " (lineitem, orders, ...).")
  Double tpchScaleFactor;

  @Option(
      names = "--jdbc",
      paramLabel = "NAME=JDBC_URL",
      description =
          "Register a JDBC database as catalog NAME: its default schema's tables as NAME.table,"
              + " other schemas as NAME.schema.table. Credentials go in the URL.")
  List<String> jdbcCatalogs = new ArrayList<>();

  @Option(
      names = "--csv",
      paramLabel = "NAME=PATH",
      description =
          "Register a CSV file with a header, or a directory of them (one table), as table NAME.")
  List<String> csvTables = new ArrayList<>();

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "table",
      converter = FormatConverter.class,
      description = "table (default: aligned columns), csv (RFC 4180) or json (JSON Lines).")
  OutputFormat format;

  @Option(
      names = "--explain",
      description =
          "Run the query, then print its plan with estimated and actual rows per operator.")
  boolean explain;

  @Option(
      names = "--platform",
      paramLabel = "PLATFORM",
      description =
          "Run every operator on one platform: native, jdbc, spark or flink (default: auto, the"
              + " optimizer's choice per operator).")
  String platform = "auto";

  @Option(
      names = "--parallelism",
      paramLabel = "N",
      description = "Partitions per stage (default: the cores).")
  Integer parallelism;

  @Option(
      names = {"-f", "--file"},
      paramLabel = "FILE",
      description = "Run the ;-separated statements of FILE in order.")
  Path file;

  @Option(names = "--verbose", description = "Print the stack trace of an error.")
  boolean verbose;

  @Option(
      names = "--cluster",
      paramLabel = "URL",
      description =
          "Run the SQL on a cluster whose coordinator serves HTTP at URL (for example"
              + " http://coordinator:8080), over the catalogs its nodes declare; --tpch, --jdbc,"
              + " --csv, --platform and --parallelism do not apply then.")
  String cluster;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      defaultValue = "${env:LOCUS_TOKEN}",
      description =
          "With --cluster: the cluster's shared secret (default: the LOCUS_TOKEN environment"
              + " variable).")
  String token;

  @Option(
      names = "--progress",
      description =
          "With --cluster: show the job's progress on standard error while it runs (the default"
              + " when standard error is a terminal).")
  boolean progress;

  @Parameters(arity = "0..1", paramLabel = "QUERY", description = "The SQL to run.")
  String query;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      if (query != null && file != null) {
        throw new LocusException(
            ErrorCode.INVALID_ARGUMENT,
            "Give the query either as QUERY or with -f FILE, not both; found both -f "
                + file
                + " and QUERY");
      }
      if (cluster != null) {
        checkClusterOptions();
        try (LocusClient client = new LocusClient(cluster, token)) {
          PrintWriter progressOut = progress || StandardError.isTerminal() ? err : null;
          return runAll(
              (statement, statementOut, statementErr) ->
                  runOnCluster(client, progressOut, statement, statementOut, statementErr),
              out,
              err);
        }
      }
      try (Locus locus = open()) {
        return runAll(
            (statement, statementOut, statementErr) ->
                run(locus, statement, statementOut, statementErr),
            out,
            err);
      }
    } catch (RuntimeException e) {
      report(e, err);
      return 1;
    }
  }

  /** Runs one statement and prints its result; false (after printing the error) if it failed. */
  @FunctionalInterface
  interface StatementRunner {
    boolean run(String statement, PrintWriter out, PrintWriter err);
  }

  private int runAll(StatementRunner runner, PrintWriter out, PrintWriter err) {
    if (query == null && file == null) {
      runShell(runner);
      return 0;
    }
    String text = query != null ? query : readFile(file);
    List<String> statements = Statements.split(text);
    if (statements.isEmpty()) {
      throw new LocusException(
          ErrorCode.INVALID_ARGUMENT,
          (query != null ? "The query" : "File " + file) + " holds no SQL statement");
    }
    for (int i = 0; i < statements.size(); i++) {
      if (i > 0 && (explain || format == OutputFormat.TABLE)) {
        out.println();
      }
      if (!runner.run(statements.get(i), out, err)) {
        return 1;
      }
    }
    return 0;
  }

  /** Options that choose local catalogs or engines mean nothing on a cluster. */
  private void checkClusterOptions() {
    List<String> local = new ArrayList<>();
    if (tpchScaleFactor != null) {
      local.add("--tpch");
    }
    if (!jdbcCatalogs.isEmpty()) {
      local.add("--jdbc");
    }
    if (!csvTables.isEmpty()) {
      local.add("--csv");
    }
    if (!platform.equals("auto")) {
      local.add("--platform");
    }
    if (parallelism != null) {
      local.add("--parallelism");
    }
    if (!local.isEmpty()) {
      throw new LocusException(
          ErrorCode.INVALID_ARGUMENT,
          "With --cluster the cluster's nodes declare the catalogs and the cluster plans the"
              + " query; "
              + String.join(", ", local)
              + (local.size() == 1 ? " does" : " do")
              + " not apply");
    }
  }

  private Locus open() {
    if (parallelism != null && parallelism < 1) {
      throw new LocusException(
          ErrorCode.INVALID_ARGUMENT, "--parallelism must be at least 1; found " + parallelism);
    }
    ExecutorConfig config =
        (parallelism == null
                ? ExecutorConfig.defaults()
                : ExecutorConfig.defaults().withParallelism(parallelism))
            .withPlatform(platform);
    Locus locus = Locus.local(config);
    try {
      register(locus);
      return locus;
    } catch (RuntimeException e) {
      locus.close();
      throw e;
    }
  }

  private void register(Locus locus) {
    locus.registerCatalog("tpch", TpchCatalog.schemas());
    if (tpchScaleFactor != null) {
      for (String table : TpchSource.tableNames()) {
        locus.register(table, TpchSource.table(table, tpchScaleFactor));
      }
    }
    for (String option : jdbcCatalogs) {
      String[] nameAndUrl = nameAndValue("--jdbc", "JDBC_URL", option);
      locus.registerCatalog(nameAndUrl[0], JdbcCatalog.connect(nameAndUrl[1]));
    }
    for (String option : csvTables) {
      String[] nameAndPath = nameAndValue("--csv", "PATH", option);
      locus.register(nameAndPath[0], CsvSource.read(Path.of(nameAndPath[1])));
    }
  }

  private static String[] nameAndValue(String option, String valueLabel, String text) {
    int equals = text.indexOf('=');
    if (equals <= 0 || equals == text.length() - 1) {
      throw new LocusException(
          ErrorCode.INVALID_ARGUMENT,
          option + " takes NAME=" + valueLabel + "; found '" + text + "'");
    }
    return new String[] {text.substring(0, equals).strip(), text.substring(equals + 1)};
  }

  private static String readFile(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new LocusException(ErrorCode.IO_ERROR, "SQL file " + file + " does not exist");
    } catch (IOException | UncheckedIOException e) {
      throw new LocusException(
          ErrorCode.IO_ERROR, "Cannot read SQL file " + file + ": " + e.getMessage(), e);
    }
  }

  /** Runs one statement and prints its result; false (after printing the error) if it failed. */
  boolean run(Locus locus, String statement, PrintWriter out, PrintWriter err) {
    try {
      Table table = locus.sql(statement);
      QueryResult result = table.execute();
      if (explain) {
        out.print(locus.executor().explain(table.plan(), result.stats()));
        int rows = result.rows().size();
        out.printf(
            Locale.ROOT,
            "(%d %s, %.1f ms)%n",
            rows,
            rows == 1 ? "row" : "rows",
            result.stats().wallNanos() / 1e6);
        out.flush();
      } else {
        format.write(result.schema(), result.rows(), out);
      }
      return true;
    } catch (RuntimeException e) {
      out.flush();
      report(e, err);
      return false;
    }
  }

  /**
   * Runs one statement on the cluster and prints its result; false (after printing the error) if it
   * failed. While it waits, the job's progress goes to {@code progressOut} when that is not null,
   * and stopping the CLI (Ctrl-C) cancels the job.
   */
  boolean runOnCluster(
      LocusClient client,
      PrintWriter progressOut,
      String statement,
      PrintWriter out,
      PrintWriter err) {
    try {
      JobHandle job = client.submitSql(statement, null);
      JobStatus status = awaitOnCluster(client, job.jobId(), progressOut);
      if (status.status() != JobState.SUCCEEDED) {
        throw status.error() != null
            ? status.error().toException()
            : new LocusException(
                status.status() == JobState.CANCELLED
                    ? ErrorCode.JOB_CANCELLED
                    : ErrorCode.INTERNAL_ERROR,
                "Job " + job.jobId() + " ended " + status.status() + " without an error message");
      }
      JobResult result = client.results(job.jobId());
      if (explain) {
        out.print(ClusterProgress.explain(status));
        int rows = result.rows().size();
        out.printf(
            Locale.ROOT,
            "(%d %s, %d ms)%n",
            rows,
            rows == 1 ? "row" : "rows",
            status.elapsedMillis());
        out.flush();
      } else {
        format.write(result.schema(), result.rows(), out);
      }
      return true;
    } catch (RuntimeException e) {
      out.flush();
      report(e, err);
      return false;
    }
  }

  private static JobStatus awaitOnCluster(
      LocusClient client, String jobId, PrintWriter progressOut) {
    Thread cancelOnExit = new Thread(() -> client.cancel(jobId), "locus-cancel-" + jobId);
    Runtime.getRuntime().addShutdownHook(cancelOnExit);
    ClusterProgress progressLine = progressOut == null ? null : new ClusterProgress(progressOut);
    try {
      return progressLine == null
          ? client.awaitEnd(jobId, 30_000, status -> {})
          : client.awaitEnd(jobId, ClusterProgress.POLL_MILLIS, progressLine::show);
    } finally {
      if (progressLine != null) {
        progressLine.clear();
      }
      ShutdownHooks.remove(cancelOnExit);
    }
  }

  private void runShell(StatementRunner runner) {
    String home = System.getenv("HOME");
    Path history =
        Path.of(home == null || home.isBlank() ? System.getProperty("user.home") : home)
            .resolve(".locus_history");
    try (Terminal terminal = TerminalBuilder.builder().system(true).dumb(true).build()) {
      new SqlShell(
              terminal, history, (statement, shellOut) -> runner.run(statement, shellOut, shellOut))
          .run();
    } catch (IOException e) {
      throw new LocusException(
          ErrorCode.IO_ERROR, "Cannot open the terminal for the SQL prompt: " + e.getMessage(), e);
    }
  }

  /** One line: the error's message; a stack trace only with --verbose. */
  void report(RuntimeException e, PrintWriter err) {
    if (e instanceof LocusException) {
      err.println("Error: " + e.getMessage());
    } else {
      err.println(
          "Error: internal error: "
              + e
              + (verbose ? "" : " (run with --verbose for the stack trace)"));
    }
    if (verbose) {
      e.printStackTrace(err);
    }
    err.flush();
  }

  /** {@code table}, {@code csv} or {@code json}, in any case. */
  static final class FormatConverter implements CommandLine.ITypeConverter<OutputFormat> {
    @Override
    public OutputFormat convert(String value) {
      for (OutputFormat format : OutputFormat.values()) {
        if (format.optionName().equalsIgnoreCase(value)) {
          return format;
        }
      }
      throw new CommandLine.TypeConversionException(
          "expected one of "
              + Arrays.stream(OutputFormat.values()).map(OutputFormat::optionName).toList()
              + "; found '"
              + value
              + "'");
    }
  }
}
