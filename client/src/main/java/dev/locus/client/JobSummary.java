package dev.locus.client;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One line of the coordinator's job list.
 *
 * @param name the name given at submission, or null
 * @param error why the job failed or was cancelled, or null
 */
public record JobSummary(
    String jobId,
    String name,
    JobState status,
    Instant submittedAt,
    long elapsedMillis,
    JobError error) {
  public JobSummary {
    requireNonNull(jobId, "jobId is null");
    requireNonNull(status, "status is null");
    requireNonNull(submittedAt, "submittedAt is null");
    if (elapsedMillis < 0) {
      throw new IllegalArgumentException("elapsedMillis must be >= 0; found " + elapsedMillis);
    }
  }
}
