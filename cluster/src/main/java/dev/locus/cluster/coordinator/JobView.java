package dev.locus.cluster.coordinator;

import static java.util.Objects.requireNonNull;

import dev.locus.cluster.ClusterMessage;
import java.util.List;

/**
 * A job as clients see it: status, error, result size and per-stage progress.
 *
 * @param status QUEUED, RUNNING, SUCCEEDED, FAILED or CANCELLED
 * @param errorCode null unless FAILED or CANCELLED
 * @param rows result rows once SUCCEEDED, else -1
 */
public record JobView(
    String jobId,
    String name,
    String status,
    String submittedAt,
    long elapsedMillis,
    String errorCode,
    String errorMessage,
    long rows,
    List<StageView> stages)
    implements ClusterMessage {
  public JobView {
    requireNonNull(jobId, "jobId is null");
    requireNonNull(status, "status is null");
    stages = List.copyOf(requireNonNull(stages, "stages is null"));
  }

  public boolean ended() {
    return status.equals("SUCCEEDED") || status.equals("FAILED") || status.equals("CANCELLED");
  }

  /** Progress of one stage. */
  public record StageView(
      int stageId,
      String description,
      int tasks,
      int finished,
      int running,
      int retries,
      List<String> nodes,
      List<String> sites,
      long rows)
      implements ClusterMessage {
    public StageView {
      nodes = List.copyOf(nodes);
      sites = List.copyOf(sites);
    }
  }
}
