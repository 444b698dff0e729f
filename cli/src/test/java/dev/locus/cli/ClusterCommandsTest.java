package dev.locus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.locus.client.FakeCoordinator;
import dev.locus.client.JobState;
import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.execution.ExecutionStats;
import dev.locus.core.execution.QueryResult;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Field;
import dev.locus.core.type.Schema;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code locus jobs}, {@code cancel} and {@code sql --cluster} against the fake coordinator. */
class ClusterCommandsTest {
  private static final Schema REVENUE =
      Schema.of(
          Field.notNull("region", DataType.VARCHAR),
          Field.nullable("revenue", DataType.decimal(12, 2)));

  private final FakeCoordinator fake = new FakeCoordinator();

  @AfterEach
  void close() {
    fake.close();
  }

  private record Run(int exitCode, String out, String err) {}

  private static Run locus(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = LocusCli.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int exitCode = commandLine.execute(args);
    return new Run(exitCode, out.toString(), err.toString());
  }

  private static QueryResult revenue(String sql) {
    if (!sql.startsWith("SELECT")) {
      throw new LocusException(ErrorCode.SYNTAX_ERROR, "Not SQL: " + sql);
    }
    return new QueryResult(
        REVENUE,
        List.of(
            Arrays.asList("AMERICA", new BigDecimal("1234.50")), Arrays.asList("ASIA, EAST", null)),
        new ExecutionStats(List.of(), 0));
  }

  @Test
  void sqlOnAClusterPrintsTheResultAsATable() {
    fake.runJobsWith((plan, sql) -> revenue(sql));

    Run run = locus("sql", "--cluster", fake.url(), "SELECT region, revenue FROM r");

    assertThat(run.err()).isEmpty();
    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .isEqualTo(
            " region     | revenue\n"
                + "------------+---------\n"
                + " AMERICA    | 1234.50\n"
                + " ASIA, EAST |    NULL\n"
                + "(2 rows)\n");
    assertThat(fake.job("job-1").sql).isEqualTo("SELECT region, revenue FROM r");
  }

  @Test
  void sqlOnAClusterPrintsCsvAndRunsEachStatementAsAJob() {
    fake.runJobsWith((plan, sql) -> revenue(sql));

    Run run = locus("sql", "--cluster", fake.url(), "--format", "csv", "SELECT 1; SELECT 2");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualTo("region,revenue\nAMERICA,1234.50\n\"ASIA, EAST\",\n".repeat(2));
    assertThat(fake.jobs()).extracting(job -> job.sql).containsExactly("SELECT 1", "SELECT 2");
  }

  @Test
  void sqlOnAClusterShowsProgressOnStandardErrorWhenAsked() {
    fake.runJobsWith((plan, sql) -> revenue(sql));

    Run run = locus("sql", "--cluster", fake.url(), "--progress", "--format", "csv", "SELECT 1");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("region,revenue\n");
    // The fake's job has ended by the first poll: one line, then the line is wiped.
    String[] parts = run.err().split("\r", -1);
    assertThat(parts).hasSize(4);
    assertThat(parts[1]).matches("job-1 SUCCEEDED  stages 1/1  tasks 2/2  rows 2  \\d+\\.\\d s");
    assertThat(parts[2]).isEqualTo(" ".repeat(parts[1].length()));
    assertThat(parts[0] + parts[3]).isEmpty();
  }

  @Test
  void sqlOnAClusterExplainsTheStages() {
    fake.runJobsWith((plan, sql) -> revenue(sql));

    Run run = locus("sql", "--cluster", fake.url(), "--explain", "SELECT 1");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .startsWith(
            "Job job-1 on the cluster, 1 stage\n"
                + "  stage 0: SQL  (2 tasks, rows 2, nodes [127.0.0.1:25520], sites [a])\n"
                + "(2 rows, ");
  }

  @Test
  void aFailedQueryOnAClusterIsOneErrorLine() {
    fake.runJobsWith((plan, sql) -> revenue(sql));

    Run run = locus("sql", "--cluster", fake.url(), "WITH x");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("Error: Not SQL: WITH x\n");
  }

  @Test
  void localOptionsDoNotApplyOnACluster() {
    Run run = locus("sql", "--cluster", fake.url(), "--tpch", "1", "--jdbc", "a=b", "SELECT 1");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo(
            "Error: With --cluster the cluster's nodes declare the catalogs and the cluster plans"
                + " the query; --tpch, --jdbc do not apply\n");
  }

  @Test
  void anUnreachableClusterIsOneErrorLine() {
    Run run = locus("jobs", "--cluster", "http://127.0.0.1:1");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .startsWith("Error: Cannot reach the Locus coordinator at http://127.0.0.1:1: ");
    assertThat(run.err().lines()).hasSize(1);
  }

  @Test
  void jobsListsEveryJobWithItsStatusAndError() {
    fake.runJobsWith((plan, sql) -> revenue(sql));
    locus("sql", "--cluster", fake.url(), "SELECT 1");
    locus("sql", "--cluster", fake.url(), "broken");
    fake.runJobsWith(null);
    locus("cancel", "--cluster", fake.url(), "job-3");

    Run run = locus("jobs", "--cluster", fake.url(), "--format", "csv");

    assertThat(run.exitCode()).isZero();
    List<String> lines = run.out().lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).isEqualTo("job,name,status,submitted,elapsed,error");
    assertThat(lines.get(1)).startsWith("job-1,,SUCCEEDED,").endsWith(",");
    assertThat(lines.get(2))
        .startsWith("job-2,,FAILED,")
        .endsWith(",SYNTAX_ERROR: Not SQL: broken");
  }

  @Test
  void cancelStopsARunningJobAndReportsAnEndedOne() throws Exception {
    fake.runJobsWith(null);
    String running =
        new dev.locus.client.LocusClient(fake.url()).submitSql("SELECT 1", "slow").jobId();

    Run cancelled = locus("cancel", "--cluster", fake.url(), running);
    Run again = locus("cancel", "--cluster", fake.url(), running);
    Run unknown = locus("cancel", "--cluster", fake.url(), "job-42");

    assertThat(cancelled.out()).isEqualTo("Job " + running + " cancelled\n");
    assertThat(fake.job(running).state()).isEqualTo(JobState.CANCELLED);
    assertThat(again.out()).isEqualTo("Job " + running + " cancelled\n");
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.err()).isEqualTo("Error: Job 'job-42' not found\n");
  }

  @Test
  void clusterCommandsNeedTheClusterOption() {
    Run run = locus("jobs");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("Missing required option: '--cluster=URL'\n");
  }
}
