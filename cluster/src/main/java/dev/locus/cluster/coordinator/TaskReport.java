package dev.locus.cluster.coordinator;

import static java.util.Objects.requireNonNull;

/**
 * How a task attempt ended, as its worker reports it.
 *
 * @param errorCode null when the task finished and its output is complete at the exchange
 */
public record TaskReport(
    String jobId,
    int stageId,
    int taskId,
    int attempt,
    String node,
    long rows,
    String errorCode,
    String errorMessage)
    implements CoordinatorActor.Command {
  public TaskReport {
    requireNonNull(jobId, "jobId is null");
    requireNonNull(node, "node is null");
  }

  public boolean succeeded() {
    return errorCode == null;
  }
}
