package dev.locus.core.execution;

import java.util.List;
import java.util.Optional;

/** What a run measured: per plan node, and the wall time of the whole query. */
public record ExecutionStats(List<OperatorStats> operators, long wallNanos) {
  public ExecutionStats {
    operators = List.copyOf(operators);
  }

  public Optional<OperatorStats> forNode(int nodeId) {
    return operators.stream().filter(stats -> stats.nodeId() == nodeId).findFirst();
  }
}
