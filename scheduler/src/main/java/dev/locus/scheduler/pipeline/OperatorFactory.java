package dev.locus.scheduler.pipeline;

import dev.locus.operators.Operator;

/**
 * Makes the operator one plan node contributes to one partition's pipeline. {@code nodeId}
 * attributes the operator's rows and time to the node in explain output; when a node runs as
 * several operators in a row, only the last one {@code countsRows}.
 */
public record OperatorFactory(int nodeId, String name, Factory factory, boolean countsRows) {
  public OperatorFactory(int nodeId, String name, Factory factory) {
    this(nodeId, name, factory, true);
  }

  /** An operator whose time counts for its node, but whose output rows are not the node's. */
  public static OperatorFactory helper(int nodeId, String name, Factory factory) {
    return new OperatorFactory(nodeId, name, factory, false);
  }

  /** Creates a fresh operator for a partition. */
  @FunctionalInterface
  public interface Factory {
    Operator<?, ?> create(int partition);
  }

  @SuppressWarnings("unchecked")
  Operator<Object, Object> create(int partition) {
    return (Operator<Object, Object>) factory.create(partition);
  }
}
