package dev.locus.cluster.coordinator;

import static java.util.Objects.requireNonNull;

import dev.locus.cluster.worker.JobClassLoaders;
import dev.locus.scheduler.LocalExecutor;
import dev.locus.shuffle.ShuffleTransport;
import java.util.concurrent.ExecutorService;
import org.apache.arrow.memory.BufferAllocator;

/**
 * What the coordinator uses on the node that hosts it: the data plane its stages' outputs arrive
 * on, the engine that runs final plans, threads for planning and final plans, and job jars.
 *
 * @param inboxMemoryBytes memory each stage's inbox keeps before spilling to disk
 */
public record CoordinatorServices(
    ShuffleTransport transport,
    LocalExecutor executor,
    BufferAllocator allocator,
    ExecutorService background,
    JobClassLoaders classLoaders,
    long inboxMemoryBytes) {
  public CoordinatorServices {
    requireNonNull(transport, "transport is null");
    requireNonNull(executor, "executor is null");
    requireNonNull(allocator, "allocator is null");
    requireNonNull(background, "background is null");
    requireNonNull(classLoaders, "classLoaders is null");
  }
}
