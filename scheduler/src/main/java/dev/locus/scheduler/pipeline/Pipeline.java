package dev.locus.scheduler.pipeline;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * A stage not yet run: partitions that each stream batches from a source through a chain of
 * operators. Streaming plan nodes append an operator; blocking nodes run the pipeline ({@link
 * PipelineRunner}) and start a new one over its output. {@code cleanups} run once the pipeline has
 * been run or discarded (a join's shared hash table, for example).
 */
public record Pipeline(List<PartitionTask> partitions, List<AutoCloseable> cleanups) {
  public Pipeline {
    partitions = List.copyOf(requireNonNull(partitions, "partitions is null"));
    cleanups = List.copyOf(requireNonNull(cleanups, "cleanups is null"));
  }

  /** A pipeline with one partition per source; {@code sourceNodeId} as in {@link PartitionTask}. */
  public static Pipeline of(List<? extends BatchSource> sources, int sourceNodeId) {
    return new Pipeline(
        sources.stream().map(source -> new PartitionTask(source, sourceNodeId, List.of())).toList(),
        List.of());
  }

  /** Every partition followed by one more operator. */
  public Pipeline then(OperatorFactory operator) {
    return new Pipeline(partitions.stream().map(p -> p.then(operator)).toList(), cleanups);
  }

  /** The same pipeline with something to release after it ran. */
  public Pipeline withCleanup(AutoCloseable cleanup) {
    List<AutoCloseable> all = new ArrayList<>(cleanups);
    all.add(cleanup);
    return new Pipeline(partitions, all);
  }

  /** The partitions of several pipelines side by side (UNION ALL). */
  public static Pipeline concat(List<Pipeline> pipelines) {
    List<PartitionTask> partitions = new ArrayList<>();
    List<AutoCloseable> cleanups = new ArrayList<>();
    for (Pipeline pipeline : pipelines) {
      partitions.addAll(pipeline.partitions);
      cleanups.addAll(pipeline.cleanups);
    }
    return new Pipeline(partitions, cleanups);
  }

  public int partitionCount() {
    return partitions.size();
  }
}
