package dev.locus.operators;

import java.util.function.Consumer;

/**
 * A push-based physical operator of a pipeline. The executor pushes input batches one at a time,
 * then calls {@link #finish}, then {@link #close} (also on failure). Batches change owner at every
 * hand-off: a batch pushed in belongs to the operator (which closes or passes it on), and a batch
 * given to {@code out} belongs to the consumer.
 *
 * <p>Relational operators are {@code Operator<VectorSchemaRoot, VectorSchemaRoot>}; operators of
 * the typed API work on object batches, {@code Operator<List<Object>, List<Object>>}.
 *
 * @param <I> the input batch type
 * @param <O> the output batch type
 */
public interface Operator<I, O> extends AutoCloseable {
  /** Consumes one input batch and emits zero or more output batches. */
  void push(I batch, Consumer<O> out);

  /** Signals the end of input: a blocking operator emits its result here. */
  void finish(Consumer<O> out);

  /**
   * Whether further input can no longer change this operator's output (a satisfied limit), so the
   * driver may stop reading its source. {@link #finish} is still called.
   */
  default boolean needsNoMoreInput() {
    return false;
  }

  /** Releases what the operator still holds. Idempotent. */
  @Override
  void close();
}
