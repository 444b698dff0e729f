package dev.locus.client;

import static java.util.Objects.requireNonNull;

import dev.locus.core.batch.ObjectBatchCodec;
import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.execution.ExecutionStats;
import dev.locus.core.execution.QueryExecutor;
import dev.locus.core.execution.QueryResult;
import dev.locus.core.explain.PlanPrinter;
import dev.locus.core.plan.LogicalPlan;
import dev.locus.core.plan.rewrite.LogicalRewrites;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Runs plans on a Locus cluster: {@code Locus.connect(url)}'s executor.
 *
 * <p>{@link #execute} encodes the plan with {@link ObjectBatchCodec}, uploads the job jar (the
 * classes of the plan's lambdas) when one is configured, submits the plan, long-polls the job until
 * it ends and reads its Arrow result. A failed job throws its own error code and message; a thread
 * interrupted while it waits cancels the job and gets {@link ErrorCode#JOB_CANCELLED}.
 *
 * <p>The job jar is the one given to the constructor or else the file named by the system property
 * {@value #JOB_JAR_PROPERTY} ({@code bin/locus submit} sets it). It is uploaded once, and again
 * only when the file changes.
 */
public final class ClusterExecutor implements QueryExecutor {
  /** The system property naming the job jar to ship with every plan. */
  public static final String JOB_JAR_PROPERTY = "locus.job.jar";

  /** The system property naming the jobs this executor submits (in the coordinator's job list). */
  public static final String JOB_NAME_PROPERTY = "locus.job.name";

  private static final long POLL_MILLIS = 30_000;
  private static final int REMEMBERED_RUNS = 16;

  private final LocusClient client;
  private final Path jobJar;
  private final Object lock = new Object();
  private UploadedJar uploadedJar;
  private Integer parallelism;

  /** What {@link #explain} shows of recent runs: their stages, found by their stats' identity. */
  private final Deque<Run> runs = new ArrayDeque<>();

  private record UploadedJar(Path path, FileTime modified, long size, String jarId) {}

  private record Run(ExecutionStats stats, JobStatus status) {}

  /**
   * An executor over a client, which it closes when closed; the job jar comes from the system
   * property {@value #JOB_JAR_PROPERTY} when that is set.
   */
  public ClusterExecutor(LocusClient client) {
    this(client, null);
  }

  /**
   * An executor over a client, which it closes when closed.
   *
   * @param jobJar the jar holding the classes plans need (lambdas, records), or null to use the
   *     system property {@value #JOB_JAR_PROPERTY} (none when that is not set either)
   */
  public ClusterExecutor(LocusClient client, Path jobJar) {
    this.client = requireNonNull(client, "client is null");
    this.jobJar = jobJar;
  }

  public LocusClient client() {
    return client;
  }

  @Override
  public QueryResult execute(LogicalPlan plan) {
    requireNonNull(plan, "plan is null");
    long start = System.nanoTime();
    byte[] bytes = new ObjectBatchCodec().encodeObject(plan);
    String jarId = uploadJar();
    JobHandle job = client.submitPlan(bytes, jarId, System.getProperty(JOB_NAME_PROPERTY));
    JobStatus status = awaitEnd(job.jobId());
    if (status.status() == JobState.FAILED) {
      throw status.error() != null
          ? status.error().toException()
          : new LocusException(
              ErrorCode.INTERNAL_ERROR,
              "Job " + job.jobId() + " on " + client.uri() + " failed without an error message");
    }
    if (status.status() == JobState.CANCELLED) {
      throw new LocusException(
          ErrorCode.JOB_CANCELLED,
          status.error() != null
              ? status.error().message()
              : "Job " + job.jobId() + " on " + client.uri() + " was cancelled");
    }
    JobResult result = client.results(job.jobId());
    if (result.schema().size() != plan.schema().size()) {
      throw new LocusException(
          ErrorCode.INTERNAL_ERROR,
          "The result of job "
              + job.jobId()
              + " has "
              + result.schema().size()
              + " columns "
              + result.schema().names()
              + "; the plan has "
              + plan.schema().size()
              + " "
              + plan.schema().names());
    }
    ExecutionStats stats = new ExecutionStats(List.of(), System.nanoTime() - start);
    remember(new Run(stats, status));
    return new QueryResult(plan.schema(), result.rows(), stats);
  }

  /** Long-polls until the job ends; an interrupt cancels the job. */
  private JobStatus awaitEnd(String jobId) {
    try {
      return client.awaitEnd(jobId, POLL_MILLIS, status -> {});
    } catch (LocusException e) {
      // Clear the flag so that the cancellation itself can be sent, then set it again.
      if (!Thread.interrupted()) {
        throw e;
      }
      try {
        client.cancel(jobId);
      } catch (LocusException cancelFailed) {
        e.addSuppressed(cancelFailed);
      } finally {
        Thread.currentThread().interrupt();
      }
      LocusException cancelled =
          new LocusException(
              ErrorCode.JOB_CANCELLED,
              "Job "
                  + jobId
                  + " on "
                  + client.uri()
                  + " was cancelled: the thread waiting for it was interrupted",
              e);
      throw cancelled;
    }
  }

  private String uploadJar() {
    Path jar = jobJar;
    if (jar == null) {
      String property = System.getProperty(JOB_JAR_PROPERTY);
      if (property == null || property.isBlank()) {
        return null;
      }
      jar = Path.of(property);
    }
    FileTime modified;
    long size;
    try {
      modified = Files.getLastModifiedTime(jar);
      size = Files.size(jar);
    } catch (IOException e) {
      throw new LocusException(
          ErrorCode.IO_ERROR,
          "Job jar "
              + jar
              + (jobJar == null ? " (system property " + JOB_JAR_PROPERTY + ")" : "")
              + " cannot be read: "
              + e,
          e);
    }
    synchronized (lock) {
      UploadedJar uploaded = uploadedJar;
      if (uploaded != null
          && uploaded.path().equals(jar)
          && uploaded.modified().equals(modified)
          && uploaded.size() == size) {
        return uploaded.jarId();
      }
    }
    String jarId = client.uploadJar(jar);
    synchronized (lock) {
      uploadedJar = new UploadedJar(jar, modified, size, jarId);
    }
    return jarId;
  }

  private void remember(Run run) {
    synchronized (lock) {
      runs.addFirst(run);
      while (runs.size() > REMEMBERED_RUNS) {
        runs.removeLast();
      }
    }
  }

  private JobStatus statusOf(ExecutionStats stats) {
    synchronized (lock) {
      for (Run run : runs) {
        if (run.stats() == stats) {
          return run.status();
        }
      }
      return null;
    }
  }

  /**
   * The plan as {@link PlanPrinter} prints it, a line naming the cluster, and, for stats of a run
   * of this executor, the job's stages with the nodes and sites they ran on.
   */
  @Override
  public String explain(LogicalPlan plan, ExecutionStats stats) {
    StringBuilder text =
        new StringBuilder(PlanPrinter.explain(LogicalRewrites.apply(plan), stats))
            .append("Runs on the Locus cluster at ")
            .append(client.uri())
            .append('\n');
    JobStatus status = stats == null ? null : statusOf(stats);
    if (status != null) {
      text.append("Job ").append(status.jobId()).append(", ").append(status.elapsedMillis());
      text.append(" ms\n");
      for (StageStatus stage : status.stages()) {
        text.append("  stage ")
            .append(stage.stageId())
            .append(": ")
            .append(stage.description())
            .append("  (")
            .append(stage.tasks())
            .append(stage.tasks() == 1 ? " task" : " tasks")
            .append(stage.retries() > 0 ? ", " + stage.retries() + " retried" : "")
            .append(", rows ")
            .append(stage.rows())
            .append(", nodes ")
            .append(stage.nodes())
            .append(", sites ")
            .append(stage.sites())
            .append(")\n");
      }
    }
    return text.toString();
  }

  /**
   * The cluster's worker count (asked once): a hint for plans, since each worker runs tasks of a
   * stage in parallel.
   */
  @Override
  public int parallelism() {
    synchronized (lock) {
      if (parallelism != null) {
        return parallelism;
      }
    }
    int workers = 0;
    for (Member member : client.members()) {
      if (member.isWorker() && member.reachable() && member.status().equals("Up")) {
        workers++;
      }
    }
    synchronized (lock) {
      parallelism = Math.max(1, workers);
      return parallelism;
    }
  }

  @Override
  public void close() {
    client.close();
  }
}
