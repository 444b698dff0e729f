package dev.locus.core.execution;

import static java.util.Objects.requireNonNull;

/**
 * What one plan node did in a run. {@code nodeId} is the node's position in a pre-order walk of the
 * plan (root = 0, then the first input's subtree, ...), as {@code explain} numbers them.
 *
 * @param cpuNanos time spent in the node's operators, summed over all partitions
 */
public record OperatorStats(
    int nodeId, String operator, long rowsOut, long batchesOut, long cpuNanos) {
  public OperatorStats {
    requireNonNull(operator, "operator is null");
  }
}
