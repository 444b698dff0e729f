package dev.locus.client;

/** Where a job is in its life, as the coordinator reports it. */
public enum JobState {
  QUEUED,
  RUNNING,
  SUCCEEDED,
  FAILED,
  CANCELLED;

  /**
   * Whether the job has ended (succeeded, failed or was cancelled); its state no longer changes.
   */
  public boolean isFinal() {
    return this == SUCCEEDED || this == FAILED || this == CANCELLED;
  }
}
