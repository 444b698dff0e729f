package dev.locus.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.locus.cli.LocusCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code locus bench tpch} loads both engines, runs the queries and prints the comparison. */
class TpchBenchIT {
  @Test
  void comparesLocusWithDuckDb() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = new CommandLine(new LocusCli());
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));

    int exitCode =
        commandLine.execute(
            "bench",
            "tpch",
            "--sf",
            "0.01",
            "--queries",
            "1,6,13",
            "--runs",
            "2",
            "--threads",
            "2");

    assertThat(exitCode).as(err.toString()).isZero();
    assertThat(err.toString())
        .contains("Loading TPC-H SF 0.01 into DuckDB... done")
        .contains("Generating TPC-H SF 0.01 into memory for Locus... done")
        .contains("Q1: DuckDB ")
        .contains("Q13: DuckDB ");
    String[] lines = out.toString().split("\n");
    assertThat(lines[0])
        .isEqualTo("TPC-H SF 0.01, 2 threads per engine, median of 2 runs after 1 warm-up");
    assertThat(lines[1])
        .matches(" query +\\| +locus_ms \\| +duckdb_ms \\| +ratio \\| +rows \\| result *");
    assertThat(lines[3]).matches(" Q1 +\\| +[0-9.]+ \\| +[0-9.]+ \\| +[0-9.]+ \\| +4 \\| match *");
    assertThat(lines[4]).matches(" Q6 +\\| +[0-9.]+ \\| +[0-9.]+ \\| +[0-9.]+ \\| +1 \\| match *");
    assertThat(lines[5])
        .matches(" Q13 +\\| +[0-9.]+ \\| +[0-9.]+ \\| +[0-9.]+ \\| +\\d+ \\| match *");
    assertThat(lines[6]).isEqualTo("(3 rows)");
    assertThat(lines[7]).matches("Geometric mean of Locus/DuckDB over 3 of 3 queries: [0-9.]+");
  }

  @Test
  void rejectsAQueryNumberOutsideTpch() {
    StringWriter err = new StringWriter();
    CommandLine commandLine = LocusCli.commandLine();
    commandLine.setErr(new PrintWriter(err, true));

    int exitCode = commandLine.execute("bench", "tpch", "--sf", "0.01", "--queries", "23");

    assertThat(exitCode).isEqualTo(1);
    assertThat(err.toString())
        .isEqualTo("Error: TPC-H query number must be between 1 and 22; found 23\n");
  }
}
