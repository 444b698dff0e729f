package dev.locus.client;

import static dev.locus.core.expr.Expressions.col;
import static dev.locus.core.expr.Expressions.lit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.locus.core.api.Locus;
import dev.locus.core.api.Table;
import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.execution.QueryResult;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Field;
import dev.locus.core.type.Schema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterExecutorTest {
  private static final Schema ITEMS =
      Schema.of(
          Field.notNull("id", DataType.INT),
          Field.nullable("name", DataType.VARCHAR),
          Field.nullable("qty", DataType.BIGINT));
  private static final List<List<Object>> ITEM_ROWS =
      List.of(
          Arrays.asList(1, "apple", 3L),
          Arrays.asList(2, "pear", 0L),
          Arrays.asList(3, null, 7L),
          Arrays.asList(4, "plum", null));

  private final FakeCoordinator fake =
      new FakeCoordinator().runJobsWith(FakeCoordinator.localRunner(Function.identity()));
  private final ClusterExecutor executor = new ClusterExecutor(new LocusClient(fake.url()));
  private final Locus remote = Locus.using(executor);

  @AfterEach
  void close() {
    remote.close();
    fake.close();
  }

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
  void runsATablePlanOnTheClusterWithTheLocalEnginesAnswer() {
    Table table =
        remote.values(ITEMS, ITEM_ROWS).filter(col("qty").gt(lit(0L))).select("name", "qty");

    QueryResult result = table.execute();

    try (Locus local = Locus.local()) {
      QueryResult expected = local.execute(table.plan());
      assertThat(result.schema()).isEqualTo(expected.schema());
      assertThat(result.rows()).containsExactlyInAnyOrderElementsOf(expected.rows());
    }
    assertThat(result.rows())
        .containsExactlyInAnyOrder(List.of("apple", 3L), Arrays.asList(null, 7L));
  }

  @Test
  void runsADataSetWithLambdasAndReadsItsObjectsBack() {
    List<String> lines = List.of("to be or not to be", "that is the question");

    List<String> words =
        remote
            .fromCollection(lines)
            .flatMap(line -> Arrays.asList(line.split(" ")))
            .map(word -> word.toUpperCase(Locale.ROOT))
            .collect();

    List<String> expected =
        lines.stream()
            .flatMap(line -> Arrays.stream(line.split(" ")))
            .map(word -> word.toUpperCase(Locale.ROOT))
            .toList();
    assertThat(words).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void aFailedJobThrowsItsOwnError() {
    fake.runJobsWith(
        (plan, sql) -> {
          throw new LocusException(
              ErrorCode.DIVISION_BY_ZERO, "Division by zero in Project: qty / 0");
        });

    assertThatThrownBy(() -> remote.values(ITEMS, ITEM_ROWS).execute())
        .isInstanceOf(LocusException.class)
        .hasMessage("Division by zero in Project: qty / 0")
        .extracting(e -> ((LocusException) e).code())
        .isEqualTo(ErrorCode.DIVISION_BY_ZERO);
  }

  @Test
  void anInterruptCancelsTheJob() throws InterruptedException {
    fake.runJobsWith(null);
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    AtomicBoolean stillInterrupted = new AtomicBoolean();
    Thread caller =
        new Thread(
            () -> {
              try {
                remote.values(ITEMS, ITEM_ROWS).execute();
              } catch (RuntimeException e) {
                thrown.set(e);
              }
              stillInterrupted.set(Thread.currentThread().isInterrupted());
            });
    caller.start();
    await(() -> fake.waitingPolls() == 1, "the executor long-polls the job");

    caller.interrupt();
    caller.join(TimeUnit.SECONDS.toMillis(10));

    assertThat(caller.isAlive()).isFalse();
    assertThat(thrown.get())
        .isInstanceOf(LocusException.class)
        .hasMessage(
            "Job job-1 on "
                + fake.url()
                + " was cancelled: the thread waiting for it was interrupted");
    assertThat(((LocusException) thrown.get()).code()).isEqualTo(ErrorCode.JOB_CANCELLED);
    assertThat(fake.job("job-1").state()).isEqualTo(JobState.CANCELLED);
    assertThat(stillInterrupted).isTrue();
  }

  @Test
  void shipsTheJobJarOnceAndNamesItInEverySubmission(@TempDir Path directory) throws Exception {
    Path jar = Files.write(directory.resolve("job.jar"), new byte[] {1, 2, 3, 4});
    String sha =
        HexFormat.of()
            .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(jar)));
    try (FakeCoordinator withJar =
            new FakeCoordinator().runJobsWith(FakeCoordinator.localRunner(Function.identity()));
        Locus locus = Locus.using(new ClusterExecutor(new LocusClient(withJar.url()), jar))) {
      locus.values(ITEMS, ITEM_ROWS).execute();
      locus.values(ITEMS, ITEM_ROWS).limit(1).execute();

      assertThat(withJar.jars()).containsOnlyKeys(sha);
      assertThat(withJar.jobs()).extracting(job -> job.jarId).containsExactly(sha, sha);
      assertThat(withJar.requests())
          .filteredOn(request -> request.path().equals("/v1/jars"))
          .hasSize(1);
    }
  }

  @Test
  void takesTheJobJarAndNameFromSystemProperties(@TempDir Path directory) throws IOException {
    Path jar = Files.write(directory.resolve("job.jar"), new byte[] {5, 6});
    System.setProperty(ClusterExecutor.JOB_JAR_PROPERTY, jar.toString());
    System.setProperty(ClusterExecutor.JOB_NAME_PROPERTY, "WordCount");
    try {
      remote.values(ITEMS, ITEM_ROWS).execute();
    } finally {
      System.clearProperty(ClusterExecutor.JOB_JAR_PROPERTY);
      System.clearProperty(ClusterExecutor.JOB_NAME_PROPERTY);
    }

    assertThat(fake.job("job-1").jarId).isNotNull();
    assertThat(fake.job("job-1").name).isEqualTo("WordCount");
  }

  @Test
  void aMissingJobJarIsAnIoError(@TempDir Path directory) {
    Path jar = directory.resolve("missing.jar");
    try (Locus locus = Locus.using(new ClusterExecutor(new LocusClient(fake.url()), jar))) {
      assertThatThrownBy(() -> locus.values(ITEMS, ITEM_ROWS).execute())
          .isInstanceOf(LocusException.class)
          .hasMessageStartingWith("Job jar " + jar + " cannot be read: ")
          .extracting(e -> ((LocusException) e).code())
          .isEqualTo(ErrorCode.IO_ERROR);
    }
  }

  @Test
  void explainNamesTheClusterAndTheStagesOfARun() {
    Table table = remote.values(ITEMS, ITEM_ROWS).filter(col("qty").gt(lit(0L)));
    QueryResult result = table.execute();

    String explained = executor.explain(table.plan(), result.stats());

    assertThat(explained)
        .contains("Filter")
        .contains("Runs on the Locus cluster at " + fake.url() + "\n")
        .contains("Job job-1, ")
        .contains("  stage 0: ")
        .contains("(2 tasks, rows 2, nodes [127.0.0.1:25520], sites [a])");
    assertThat(executor.explain(table.plan(), null))
        .endsWith("Runs on the Locus cluster at " + fake.url() + "\n");
  }

  @Test
  void parallelismIsTheNumberOfWorkersUp() {
    fake.withMembersJson(
        "{\"members\":["
            + "{\"address\":\"a:1\",\"roles\":[\"coordinator\"],\"status\":\"Up\",\"site\":\"a\"},"
            + "{\"address\":\"a:2\",\"roles\":[\"worker\"],\"status\":\"Up\",\"site\":\"a\"},"
            + "{\"address\":\"b:1\",\"roles\":[\"worker\"],\"status\":\"Up\",\"site\":\"b\"},"
            + "{\"address\":\"b:2\",\"roles\":[\"worker\"],\"status\":\"Leaving\",\"site\":\"b\"},"
            + "{\"address\":\"c:1\",\"roles\":[\"worker\"],\"status\":\"Up\",\"site\":\"c\","
            + "\"reachable\":false}]}");

    assertThat(executor.parallelism()).isEqualTo(2);
  }
}
