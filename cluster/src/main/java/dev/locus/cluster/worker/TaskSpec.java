package dev.locus.cluster.worker;

import static java.util.Objects.requireNonNull;

import dev.locus.cluster.ClusterMessage;
import java.util.List;

/**
 * One attempt of one task of a job. A source task runs its fragment over split {@code taskId} of
 * the fragment's cluster table; a join task first reads its partition of each input stage from its
 * inboxes ({@code inputs}). The output goes to {@code targets}: one stream to the coordinator, or
 * the rows hash-partitioned on {@code partitionKeys} into {@code partitionCount} partitions,
 * partition {@code p} to the target whose consumer is {@code p} (partitions without a target in
 * this attempt are not sent).
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
    List<Integer> partitionKeys,
    int partitionCount,
    List<Target> targets,
    List<Input> inputs)
    implements ClusterMessage {
  public TaskSpec {
    requireNonNull(jobId, "jobId is null");
    requireNonNull(fragment, "fragment is null");
    partitionKeys = List.copyOf(requireNonNull(partitionKeys, "partitionKeys is null"));
    targets = List.copyOf(requireNonNull(targets, "targets is null"));
    inputs = List.copyOf(requireNonNull(inputs, "inputs is null"));
    if (partitionCount < 1) {
      throw new IllegalArgumentException("partitionCount must be >= 1; found " + partitionCount);
    }
  }

  /** Where one partition of the output goes: an exchange's inbox on a node. */
  public record Target(int consumer, String host, int port, String exchange)
      implements ClusterMessage {
    public Target {
      requireNonNull(host, "host is null");
      requireNonNull(exchange, "exchange is null");
    }
  }

  /**
   * One input of a join task: the exchange its partition of stage {@code stageId} arrived on, and
   * which attempt of each producer task to read.
   */
  public record Input(int stageId, String exchange, List<Integer> producers, List<Integer> attempts)
      implements ClusterMessage {
    public Input {
      requireNonNull(exchange, "exchange is null");
      producers = List.copyOf(producers);
      attempts = List.copyOf(attempts);
      if (producers.size() != attempts.size()) {
        throw new IllegalArgumentException(
            "one attempt per producer; found " + producers + " and " + attempts);
      }
    }
  }

  /** {@code job-3 stage 0 task 5 attempt 1}, for logs and errors. */
  public String describe() {
    return jobId + " stage " + stageId + " task " + taskId + " attempt " + attempt;
  }
}
