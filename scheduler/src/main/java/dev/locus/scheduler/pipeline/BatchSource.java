package dev.locus.scheduler.pipeline;

import java.util.function.Consumer;

/** Produces the input batches of one partition of a pipeline (a source split, a shuffle bucket). */
@FunctionalInterface
public interface BatchSource {
  /** Pushes every batch to {@code out}; ownership of each batch passes to {@code out}. */
  void produce(Consumer<Object> out);

  /** Releases batches never produced (after a failure elsewhere). */
  default void discard() {}
}
