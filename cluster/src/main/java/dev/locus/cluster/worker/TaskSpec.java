package dev.locus.cluster.worker;

import static java.util.Objects.requireNonNull;

import dev.locus.cluster.ClusterMessage;

/**
 * One task of a job: run a plan fragment over split {@code taskId} of its table and stream the
 * output to an exchange on the node at {@code resultHost:resultPort}.
 *
 * @param fragment the fragment plan, encoded with {@code ObjectBatchCodec}
 * @param jarId the job jar holding user classes, or null
 * @param jarUrl where to fetch the jar ({@code http://coordinator/v1/jars/ID}), or null
 */
public record TaskSpec(
    String jobId,
    int stageId,
    int taskId,
    int attempt,
    byte[] fragment,
    String jarId,
    String jarUrl,
    String resultHost,
    int resultPort,
    String exchange)
    implements ClusterMessage {
  public TaskSpec {
    requireNonNull(jobId, "jobId is null");
    requireNonNull(fragment, "fragment is null");
    requireNonNull(resultHost, "resultHost is null");
    requireNonNull(exchange, "exchange is null");
  }

  /** {@code job-3 stage 0 task 5 attempt 1}, for logs and errors. */
  public String describe() {
    return jobId + " stage " + stageId + " task " + taskId + " attempt " + attempt;
  }
}
