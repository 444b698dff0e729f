package dev.locus.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.execution.ExecutionStats;
import dev.locus.core.execution.QueryResult;
import dev.locus.core.source.remote.RemoteTableSource;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Field;
import dev.locus.core.type.Schema;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LocusClientTest {
  private static final Schema ALL_TYPES =
      Schema.of(
          Field.nullable("flag", DataType.BOOLEAN),
          Field.nullable("i", DataType.INT),
          Field.nullable("n", DataType.BIGINT),
          Field.nullable("x", DataType.DOUBLE),
          Field.nullable("price", DataType.decimal(12, 2)),
          Field.nullable("name", DataType.VARCHAR),
          Field.nullable("day", DataType.DATE),
          Field.nullable("at", DataType.TIMESTAMP));

  private final FakeCoordinator fake = new FakeCoordinator();
  private final LocusClient client = new LocusClient(fake.url());

  @AfterEach
  void close() {
    client.close();
    fake.close();
  }

  private static List<List<Object>> allTypeRows() {
    List<List<Object>> rows = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      rows.add(
          Arrays.asList(
              i % 2 == 0,
              i,
              10_000_000_000L * i,
              i / 4.0,
              new BigDecimal(i + "7.25"),
              "name " + i + " ünïcode, \"quoted\"",
              LocalDate.of(1998, 9, 2).plusDays(i),
              LocalDateTime.of(2024, 2, 29, 23, 59, 59, 123_456_000).plusHours(i)));
    }
    rows.add(Arrays.asList(null, null, null, null, null, null, null, null));
    return rows;
  }

  private static QueryResult result(Schema schema, List<List<Object>> rows) {
    return new QueryResult(schema, rows, new ExecutionStats(List.of(), 0));
  }

  /** Waits for a condition that another thread makes true, failing after 10 s. */
  private static void await(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.onSpinWait();
    }
  }

  @Test
  void submitsSqlAndReadsEveryTypeBackFromAnArrowStream() {
    List<List<Object>> rows = allTypeRows();
    fake.runJobsWith((plan, sql) -> result(ALL_TYPES, rows));

    JobHandle job = client.submitSql("SELECT * FROM t", "all types");
    JobStatus status = client.status(job.jobId());
    JobResult result = client.results(job.jobId());

    assertThat(job).isEqualTo(new JobHandle("job-1", JobState.RUNNING));
    assertThat(fake.job("job-1").sql).isEqualTo("SELECT * FROM t");
    assertThat(fake.job("job-1").name).isEqualTo("all types");
    assertThat(status.status()).isEqualTo(JobState.SUCCEEDED);
    assertThat(status.name()).isEqualTo("all types");
    assertThat(status.rows()).isEqualTo(6);
    assertThat(status.error()).isNull();
    assertThat(status.stages())
        .containsExactly(
            new StageStatus(0, "SQL", 2, 2, 0, 0, List.of("127.0.0.1:25520"), List.of("a"), 6));
    assertThat(result.schema()).isEqualTo(ALL_TYPES);
    assertThat(result.rows()).isEqualTo(rows);
  }

  @Test
  void resultsAsCsvText() {
    fake.runJobsWith(
        (plan, sql) ->
            result(
                Schema.of(Field.nullable("a", DataType.INT), Field.nullable("b", DataType.VARCHAR)),
                List.of(List.of(1, "x"), List.of(2, "y"))));
    String jobId = client.submitSql("SELECT 1", null).jobId();

    assertThat(client.resultsText(jobId, TextFormat.CSV)).isEqualTo("a,b\n1,x\n2,y\n");
    assertThat(fake.requests().get(fake.requests().size() - 1).query()).isEqualTo("format=csv");
  }

  @Test
  void longPollAnswersAsSoonAsTheJobEnds() throws Exception {
    String jobId = client.submitSql("SELECT 1", null).jobId();
    CompletableFuture<JobStatus> poll =
        CompletableFuture.supplyAsync(() -> client.status(jobId, 60_000));
    await(() -> fake.waitingPolls() == 1, "the long poll waits in the fake");

    assertThat(poll).isNotDone();
    long ended = System.nanoTime();
    fake.succeed(jobId, result(Schema.of(Field.nullable("a", DataType.INT)), List.of(List.of(1))));
    JobStatus status = poll.get(10, TimeUnit.SECONDS);

    assertThat(status.status()).isEqualTo(JobState.SUCCEEDED);
    assertThat(System.nanoTime() - ended).isLessThan(TimeUnit.SECONDS.toNanos(5));
    assertThat(fake.requests())
        .anyMatch(
            request ->
                request.path().equals("/v1/jobs/" + jobId)
                    && "waitMillis=60000".equals(request.query()));
  }

  @Test
  void longPollAnswersWithTheRunningStateWhenTheWaitRunsOut() {
    String jobId = client.submitSql("SELECT 1", null).jobId();

    JobStatus status = client.status(jobId, 20);

    assertThat(status.status()).isEqualTo(JobState.RUNNING);
    assertThat(status.rows()).isEqualTo(-1);
    assertThat(status.finishedStages()).isZero();
  }

  @Test
  void awaitEndReportsProgressUntilTheJobEnds() throws Exception {
    String jobId = client.submitSql("SELECT 1", null).jobId();
    List<JobStatus> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    CompletableFuture<JobStatus> end =
        CompletableFuture.supplyAsync(() -> client.awaitEnd(jobId, 30_000, seen::add));
    await(() -> fake.waitingPolls() == 1, "the long poll waits in the fake");
    fake.fail(jobId, ErrorCode.DIVISION_BY_ZERO, "Division by zero in Project: a / b");

    JobStatus status = end.get(10, TimeUnit.SECONDS);

    assertThat(status.status()).isEqualTo(JobState.FAILED);
    assertThat(status.error())
        .isEqualTo(new JobError(ErrorCode.DIVISION_BY_ZERO, "Division by zero in Project: a / b"));
    assertThat(seen).last().isEqualTo(status);
  }

  @Test
  void resultsOfAFailedJobThrowTheJobsError() {
    String jobId = client.submitSql("SELECT 1", null).jobId();
    fake.fail(jobId, ErrorCode.SOURCE_UNAVAILABLE, "Catalog 'sales' is read only by node x:1");

    assertThatThrownBy(() -> client.results(jobId))
        .isInstanceOf(LocusException.class)
        .hasMessage("Catalog 'sales' is read only by node x:1")
        .extracting(e -> ((LocusException) e).code())
        .isEqualTo(ErrorCode.SOURCE_UNAVAILABLE);
  }

  @Test
  void unknownJobIsJobNotFound() {
    assertThatThrownBy(() -> client.status("job-99"))
        .isInstanceOf(LocusException.class)
        .hasMessage("Job 'job-99' not found")
        .extracting(e -> ((LocusException) e).code())
        .isEqualTo(ErrorCode.JOB_NOT_FOUND);
    assertThatThrownBy(() -> client.cancel("job-99"))
        .extracting(e -> ((LocusException) e).code())
        .isEqualTo(ErrorCode.JOB_NOT_FOUND);
  }

  @Test
  void badSqlCarriesTheCoordinatorsCodeAndMessage() {
    fake.refuseSubmissions(
        ErrorCode.SYNTAX_ERROR, "SQL syntax error at line 1, column 8: Encountered \"FORM\"");

    assertThatThrownBy(() -> client.submitSql("SELECT FORM t", null))
        .isInstanceOf(LocusException.class)
        .hasMessage("SQL syntax error at line 1, column 8: Encountered \"FORM\"")
        .extracting(e -> ((LocusException) e).code())
        .isEqualTo(ErrorCode.SYNTAX_ERROR);
  }

  @Test
  void cancelsARunningJob() {
    String jobId = client.submitSql("SELECT 1", null).jobId();

    JobHandle cancelled = client.cancel(jobId);

    assertThat(cancelled).isEqualTo(new JobHandle(jobId, JobState.CANCELLED));
    assertThat(client.status(jobId).error())
        .isEqualTo(new JobError(ErrorCode.JOB_CANCELLED, "Job " + jobId + " was cancelled"));
    assertThat(fake.requests()).anyMatch(request -> request.method().equals("DELETE"));
  }

  @Test
  void listsJobs() {
    fake.runJobsWith(
        (plan, sql) -> result(Schema.of(Field.nullable("a", DataType.INT)), List.of()));
    client.submitSql("SELECT 1", "first");
    fake.runJobsWith(null);
    client.submitSql("SELECT 2", null);

    List<JobSummary> jobs = client.jobs();

    assertThat(jobs).extracting(JobSummary::jobId).containsExactly("job-1", "job-2");
    assertThat(jobs).extracting(JobSummary::name).containsExactly("first", null);
    assertThat(jobs)
        .extracting(JobSummary::status)
        .containsExactly(JobState.SUCCEEDED, JobState.RUNNING);
    assertThat(jobs.get(0).submittedAt()).isBeforeOrEqualTo(jobs.get(1).submittedAt());
  }

  @Test
  void uploadsAJarUnderItsSha256() throws Exception {
    byte[] jar = "not really a jar".getBytes(StandardCharsets.UTF_8);

    String jarId = client.uploadJar(jar);

    assertThat(jarId)
        .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(jar)));
    assertThat(fake.jars().get(jarId)).isEqualTo(jar);
    assertThat(fake.requests().get(0).headers())
        .containsEntry("Content-type", "application/java-archive");
  }

  @Test
  void readsMembersCatalogsTablesAndMetrics() {
    fake.withMembersJson(
            "{\"members\":[{\"address\":\"127.0.0.1:25520\",\"roles\":[\"coordinator\",\"worker\"],"
                + "\"status\":\"Up\",\"site\":\"a\",\"catalogs\":[\"tpch\"],"
                + "\"http\":\"http://127.0.0.1:8080\"},"
                + "{\"address\":\"127.0.0.1:25521\",\"roles\":[\"worker\"],\"status\":\"Up\","
                + "\"site\":\"b\",\"catalogs\":[],\"http\":null,\"reachable\":false}]}")
        .withCatalogsJson(
            "{\"catalogs\":[{\"name\":\"tpch\",\"kind\":\"tpch\",\"nodes\":[\"127.0.0.1:25520\"],"
                + "\"sites\":[\"a\"]}]}")
        .withTable(
            new RemoteTableSource(
                List.of("tpch", "tiny", "region"),
                Schema.of(Field.notNull("r_regionkey", DataType.BIGINT)),
                5,
                List.of(List.of(0)),
                1));

    assertThat(client.members())
        .containsExactly(
            new Member(
                "127.0.0.1:25520",
                List.of("coordinator", "worker"),
                "Up",
                "a",
                List.of("tpch"),
                "http://127.0.0.1:8080",
                true),
            new Member("127.0.0.1:25521", List.of("worker"), "Up", "b", List.of(), null, false));
    assertThat(client.catalogs())
        .containsExactly(new CatalogInfo("tpch", "tpch", List.of("127.0.0.1:25520"), List.of("a")));
    assertThat(client.table("tpch.tiny.region").estimatedRows()).isEqualTo(5);
    assertThat(client.metrics()).isEqualTo("locus_jobs_submitted_total 0\n");
    assertThatThrownBy(() -> client.table("tpch.tiny.nowhere"))
        .isInstanceOf(LocusException.class)
        .hasMessage("Table 'tpch.tiny.nowhere' not found; tables: [tpch.tiny.region]")
        .extracting(e -> ((LocusException) e).code())
        .isEqualTo(ErrorCode.TABLE_NOT_FOUND);
  }

  @Test
  void withoutATokenA401SaysThatOneIsNeeded() {
    try (FakeCoordinator secured = new FakeCoordinator("s3cret");
        LocusClient anonymous = new LocusClient(secured.url())) {
      assertThatThrownBy(anonymous::jobs)
          .isInstanceOf(LocusException.class)
          .hasMessage(
              "The Locus cluster at "
                  + secured.url()
                  + " needs a token: give it with --token or Locus.connect(url, token)"
                  + " (coordinator: missing or wrong bearer token)")
          .extracting(e -> ((LocusException) e).code())
          .isEqualTo(ErrorCode.UNAUTHORIZED);
    }
  }

  @Test
  void aWrongTokenIsRefusedAndTheRightOneSent() {
    try (FakeCoordinator secured = new FakeCoordinator("s3cret");
        LocusClient wrong = new LocusClient(secured.url(), "guess");
        LocusClient right = new LocusClient(secured.url(), "s3cret")) {
      assertThatThrownBy(wrong::jobs)
          .isInstanceOf(LocusException.class)
          .hasMessage(
              "The Locus cluster at "
                  + secured.url()
                  + " refused the token: it is not the cluster's shared secret"
                  + " (coordinator: missing or wrong bearer token)")
          .extracting(e -> ((LocusException) e).code())
          .isEqualTo(ErrorCode.UNAUTHORIZED);

      assertThat(right.jobs()).isEmpty();
      assertThat(secured.requests().get(1).headers())
          .containsEntry("Authorization", "Bearer s3cret");
    }
  }

  @Test
  void anUnreachableCoordinatorIsNodeUnavailable() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    String url = "http://127.0.0.1:" + port;
    try (LocusClient nowhere = new LocusClient(url)) {
      assertThatThrownBy(nowhere::jobs)
          .isInstanceOf(LocusException.class)
          .hasMessage("Cannot reach the Locus coordinator at " + url + ": connection refused")
          .extracting(e -> ((LocusException) e).code())
          .isEqualTo(ErrorCode.NODE_UNAVAILABLE);
    }
  }

  @Test
  void anAnswerThatIsNotTheApisJsonIsDescribedByItsStatus() {
    assertThatThrownBy(() -> client.resultsText("x/../../nowhere", TextFormat.CSV))
        .isInstanceOf(LocusException.class)
        .extracting(e -> ((LocusException) e).code())
        .isEqualTo(ErrorCode.JOB_NOT_FOUND);
    fake.answerPlainly("/metrics", 502, "Bad Gateway");
    assertThatThrownBy(client::metrics)
        .isInstanceOf(LocusException.class)
        .hasMessage(
            "The Locus coordinator at "
                + fake.url()
                + " answered GET /metrics with HTTP 502:"
                + " Bad Gateway")
        .extracting(e -> ((LocusException) e).code())
        .isEqualTo(ErrorCode.NODE_UNAVAILABLE);
    fake.answerPlainly("/metrics", 500, "");
    assertThatThrownBy(client::metrics)
        .isInstanceOf(LocusException.class)
        .hasMessage(
            "The Locus coordinator at " + fake.url() + " answered GET /metrics with HTTP 500")
        .extracting(e -> ((LocusException) e).code())
        .isEqualTo(ErrorCode.INTERNAL_ERROR);
  }

  @Test
  void aUrlWithoutHttpIsRefused() {
    assertThatThrownBy(() -> new LocusClient("coordinator:8080"))
        .isInstanceOf(LocusException.class)
        .hasMessage(
            "A Locus cluster URL must start with http:// or https:// (for example"
                + " http://coordinator:8080); found 'coordinator:8080'")
        .extracting(e -> ((LocusException) e).code())
        .isEqualTo(ErrorCode.INVALID_ARGUMENT);
  }
}
