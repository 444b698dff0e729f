package dev.locus.client;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A job's state and per-stage progress.
 *
 * @param name the name given at submission, or null
 * @param error why the job failed or was cancelled, or null
 * @param rows the result's row count once the job has succeeded, -1 before
 */
public record JobStatus(
    String jobId,
    String name,
    JobState status,
    long elapsedMillis,
    JobError error,
    long rows,
    List<StageStatus> stages) {
  public JobStatus {
    requireNonNull(jobId, "jobId is null");
    requireNonNull(status, "status is null");
    stages = List.copyOf(requireNonNull(stages, "stages is null"));
  }

  /** Whether the job has ended. */
  public boolean isFinal() {
    return status.isFinal();
  }

  /** Stages whose tasks have all finished. */
  public int finishedStages() {
    int count = 0;
    for (StageStatus stage : stages) {
      if (stage.isFinished()) {
        count++;
      }
    }
    return count;
  }

  /** Rows produced so far by all stages (a progress figure, not the result's size). */
  public long stageRows() {
    long total = 0;
    for (StageStatus stage : stages) {
      total += stage.rows();
    }
    return total;
  }
}
