package dev.locus.scheduler;

import static java.util.Objects.requireNonNull;

import dev.locus.core.batch.Batches;
import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.execution.ExecutionStats;
import dev.locus.core.execution.ExecutorConfig;
import dev.locus.core.execution.OperatorStats;
import dev.locus.core.execution.QueryExecutor;
import dev.locus.core.execution.QueryResult;
import dev.locus.core.plan.LogicalPlan;
import dev.locus.core.plan.rewrite.LogicalRewrites;
import dev.locus.costmodel.Optimized;
import dev.locus.costmodel.Optimizer;
import dev.locus.costmodel.Platforms;
import dev.locus.scheduler.pipeline.NodeStats;
import dev.locus.scheduler.pipeline.Pipeline;
import dev.locus.scheduler.pipeline.PipelineRunner;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs plans in this JVM on all cores: each stage's partitions run in parallel on a fixed pool,
 * batches are Arrow (or object batches for the typed API), and exchanges between stages stay in
 * memory. Several queries may run at once; each gets its own memory accounting.
 */
public final class LocalExecutor implements QueryExecutor {
  private static final Logger LOG = LoggerFactory.getLogger(LocalExecutor.class);
  private static final AtomicInteger POOLS = new AtomicInteger();

  private final ExecutorConfig config;
  private final BufferAllocator allocator;
  private final ExecutorService pool;
  private final AtomicInteger queries = new AtomicInteger();
  private Platforms platforms;
  private Optimizer optimizer;

  public LocalExecutor(ExecutorConfig config) {
    this.config = requireNonNull(config, "config is null");
    this.allocator = new RootAllocator();
    int poolId = POOLS.incrementAndGet();
    AtomicInteger threads = new AtomicInteger();
    ThreadFactory factory =
        runnable -> {
          Thread thread =
              new Thread(runnable, "locus-" + poolId + "-worker-" + threads.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        };
    this.pool = Executors.newFixedThreadPool(config.parallelism(), factory);
  }

  /**
   * The plan with column pruning applied and a platform chosen per operator; sub-plans on other
   * platforms become scans of their results.
   */
  private Optimized optimize(LogicalPlan logicalPlan) {
    LogicalPlan pruned = LogicalRewrites.apply(logicalPlan);
    return optimizer().optimize(pruned, config.platform());
  }

  /**
   * The plan to run. With no platform but native there is nothing to choose, and the plan runs as
   * pruned, without estimating it (which samples the sources).
   */
  private LogicalPlan executable(LogicalPlan logicalPlan) {
    boolean nativeOnly =
        !dev.locus.core.plan.PlatformHint.present(logicalPlan)
            && (config.platform().equals(Optimizer.NATIVE)
                || (config.platform().equals(Optimizer.AUTO) && platforms().platforms().isEmpty()));
    return nativeOnly ? LogicalRewrites.apply(logicalPlan) : optimize(logicalPlan).executable();
  }

  private synchronized Optimizer optimizer() {
    if (optimizer == null) {
      optimizer = platforms().optimizer();
    }
    return optimizer;
  }

  private synchronized Platforms platforms() {
    if (platforms == null) {
      platforms = Platforms.load();
    }
    return platforms;
  }

  @Override
  public String explain(LogicalPlan plan, ExecutionStats stats) {
    return optimize(plan).explain(stats);
  }

  @Override
  public int parallelism() {
    return config.parallelism();
  }

  @Override
  public QueryResult execute(LogicalPlan logicalPlan) {
    long start = System.nanoTime();
    List<List<Object>> rows = new ArrayList<>();
    LogicalPlan plan = executable(logicalPlan);
    List<OperatorStats> operatorStats =
        run(
            plan,
            (runner, pipeline) -> {
              List<List<Object>> partitions = runner.materialize(pipeline);
              try {
                for (List<Object> partition : partitions) {
                  for (Object batch : partition) {
                    collect(batch, rows);
                  }
                }
              } finally {
                partitions.forEach(PipelineRunner::closeBatches);
              }
            });
    return new QueryResult(
        plan.schema(), rows, new ExecutionStats(operatorStats, System.nanoTime() - start));
  }

  /**
   * Runs a plan natively (no platform choice) and hands every output batch to {@code sink} as it is
   * made, from the partitions' threads at once; the sink owns each batch (it must close Arrow
   * batches) and must be thread-safe. A sink that throws stops the plan, and the exception (as a
   * {@link LocusException}) comes out of this method. For a cluster's tasks, which stream their
   * output to another node.
   */
  public ExecutionStats stream(LogicalPlan logicalPlan, Consumer<Object> sink) {
    requireNonNull(sink, "sink is null");
    long start = System.nanoTime();
    List<OperatorStats> operatorStats =
        run(
            LogicalRewrites.apply(logicalPlan),
            (runner, pipeline) -> runner.run(pipeline, partition -> sink::accept));
    return new ExecutionStats(operatorStats, System.nanoTime() - start);
  }

  /** What to do with the last pipeline of a plan. */
  private interface LastStage {
    void run(PipelineRunner runner, Pipeline pipeline);
  }

  private List<OperatorStats> run(LogicalPlan plan, LastStage lastStage) {
    IdentityHashMap<LogicalPlan, Integer> nodeIds = new IdentityHashMap<>();
    Map<Integer, NodeStats> stats = new HashMap<>();
    number(plan, nodeIds, stats, new int[] {0});
    try (BufferAllocator queryAllocator =
        allocator.newChildAllocator("query-" + queries.incrementAndGet(), 0, Long.MAX_VALUE)) {
      PipelineRunner runner = new PipelineRunner(pool, stats);
      PipelineBuilder builder = new PipelineBuilder(queryAllocator, runner, config, nodeIds);
      try {
        lastStage.run(runner, builder.build(plan));
      } finally {
        Batches.closeAll(builder.queryResources());
      }
      List<OperatorStats> operatorStats = new ArrayList<>();
      stats.values().forEach(node -> operatorStats.add(node.snapshot()));
      operatorStats.sort((a, b) -> Integer.compare(a.nodeId(), b.nodeId()));
      return operatorStats;
    } catch (IllegalStateException e) {
      // The query allocator refuses to close while buffers are still allocated: a leak in Locus.
      if (e.getMessage() != null && e.getMessage().contains("Memory was leaked")) {
        LOG.warn("Memory leak after a query: {}", e.getMessage());
        throw new LocusException(
            ErrorCode.INTERNAL_ERROR, "Query leaked Arrow memory: " + e.getMessage(), e);
      }
      throw e;
    }
  }

  private static void collect(Object batch, List<List<Object>> rows) {
    if (batch instanceof VectorSchemaRoot root) {
      rows.addAll(Batches.toRows(root));
    } else if (batch instanceof List<?> objects) {
      for (Object object : objects) {
        List<Object> row = new ArrayList<>(1);
        row.add(object);
        rows.add(row);
      }
    }
  }

  private static void number(
      LogicalPlan plan,
      IdentityHashMap<LogicalPlan, Integer> nodeIds,
      Map<Integer, NodeStats> stats,
      int[] next) {
    int id = next[0]++;
    nodeIds.put(plan, id);
    stats.put(id, new NodeStats(id, plan.operatorName()));
    for (LogicalPlan input : plan.inputs()) {
      number(input, nodeIds, stats, next);
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
    synchronized (this) {
      if (platforms != null) {
        platforms.close();
      }
    }
    allocator.close();
  }
}
