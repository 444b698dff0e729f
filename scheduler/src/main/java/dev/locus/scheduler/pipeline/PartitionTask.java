package dev.locus.scheduler.pipeline;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * One partition of a pipeline: a source and the operators its batches flow through, in order.
 * {@code sourceNodeId} is the plan node the source's rows and time count for, or -1 when the source
 * is the output of an earlier stage.
 */
public record PartitionTask(BatchSource source, int sourceNodeId, List<OperatorFactory> operators) {
  public PartitionTask {
    requireNonNull(source, "source is null");
    operators = List.copyOf(requireNonNull(operators, "operators is null"));
  }

  PartitionTask then(OperatorFactory operator) {
    List<OperatorFactory> all = new ArrayList<>(operators);
    all.add(operator);
    return new PartitionTask(source, sourceNodeId, all);
  }
}
