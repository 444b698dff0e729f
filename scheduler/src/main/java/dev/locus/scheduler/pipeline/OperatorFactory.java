package dev.locus.scheduler.pipeline;

import dev.locus.operators.Operator;

/**
 * Makes the operator one plan node contributes to one partition's pipeline. {@code nodeId}
 * attributes the operator's rows and time to the node in explain output.
 */
public record OperatorFactory(int nodeId, String name, Factory factory) {
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
