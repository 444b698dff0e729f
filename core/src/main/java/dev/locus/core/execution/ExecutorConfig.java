package dev.locus.core.execution;

import dev.locus.core.batch.Batches;

/**
 * Settings of an executor.
 *
 * @param parallelism partitions per stage and worker threads; the machine's cores by default
 * @param batchSize rows per Arrow batch read from sources
 * @param platform the platform every operator must run on ({@code native}, {@code jdbc}, {@code
 *     spark}, {@code flink}), or {@code auto} for the optimizer's choice
 */
public record ExecutorConfig(int parallelism, int batchSize, String platform) {
  public ExecutorConfig(int parallelism, int batchSize) {
    this(parallelism, batchSize, "auto");
  }

  public ExecutorConfig {
    java.util.Objects.requireNonNull(platform, "platform is null");
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1; found " + parallelism);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be at least 1; found " + batchSize);
    }
  }

  public static ExecutorConfig defaults() {
    return new ExecutorConfig(
        Runtime.getRuntime().availableProcessors(), Batches.DEFAULT_BATCH_SIZE);
  }

  public ExecutorConfig withParallelism(int newParallelism) {
    return new ExecutorConfig(newParallelism, batchSize, platform);
  }

  /** Every operator on one platform, or {@code auto}. */
  public ExecutorConfig withPlatform(String newPlatform) {
    return new ExecutorConfig(parallelism, batchSize, newPlatform);
  }
}
