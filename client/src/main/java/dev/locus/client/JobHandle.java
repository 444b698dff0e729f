package dev.locus.client;

import static java.util.Objects.requireNonNull;

/** The coordinator's answer to a submission or a cancellation: the job and its state then. */
public record JobHandle(String jobId, JobState status) {
  public JobHandle {
    requireNonNull(jobId, "jobId is null");
    requireNonNull(status, "status is null");
  }
}
