package dev.locus.scheduler.platform;

import dev.locus.core.batch.Batches;
import dev.locus.core.execution.ExecutorConfig;
import dev.locus.core.execution.QueryResult;
import dev.locus.core.plan.LogicalPlan;
import dev.locus.core.platform.Platform;
import dev.locus.core.platform.PlatformCosts;
import dev.locus.core.source.Source;
import dev.locus.core.source.memory.ArrowMemorySource;
import dev.locus.scheduler.LocalExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.arrow.memory.RootAllocator;

/**
 * A platform for optimizer tests: a second Locus engine with its own costs, running only some
 * operator kinds. Its results come back as in-memory Arrow batches, as a real platform's do.
 */
final class MirrorPlatform implements Platform {
  private final String name;
  private final PlatformCosts costs;
  private final Set<Class<? extends LogicalPlan>> operators;
  private final LocalExecutor engine = new LocalExecutor(ExecutorConfig.defaults());
  private final RootAllocator allocator = new RootAllocator();
  private final List<ArrowMemorySource> results = new ArrayList<>();
  private final List<LogicalPlan> ran = new ArrayList<>();

  MirrorPlatform(String name, PlatformCosts costs, Set<Class<? extends LogicalPlan>> operators) {
    this.name = name;
    this.costs = costs;
    this.operators = operators;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Optional<String> cannotRun(LogicalPlan node) {
    return operators.contains(node.getClass())
        ? Optional.empty()
        : Optional.of(node.operatorName() + " is not one of " + name + "'s operators");
  }

  @Override
  public synchronized Source run(LogicalPlan plan) {
    ran.add(plan);
    return new Source() {
      @Override
      public String name() {
        return name + ":" + plan.describe();
      }

      @Override
      public dev.locus.core.type.Schema schema() {
        return plan.schema();
      }

      @Override
      public long estimatedRows() {
        return -1;
      }

      /** Runs the sub-plan when read, as a platform does. */
      @Override
      public List<dev.locus.core.source.SourceSplit> splits(int parallelism) {
        return execute(plan).splits(parallelism);
      }
    };
  }

  private synchronized ArrowMemorySource execute(LogicalPlan plan) {
    QueryResult result = engine.execute(plan);
    ArrowMemorySource source =
        new ArrowMemorySource(
            name + ":" + plan.describe(),
            plan.schema(),
            List.of(Batches.fromRows(plan.schema(), result.rows(), allocator)));
    results.add(source);
    return source;
  }

  /** The sub-plans this platform was given. */
  synchronized List<LogicalPlan> ran() {
    return List.copyOf(ran);
  }

  @Override
  public PlatformCosts costs() {
    return costs;
  }

  @Override
  public synchronized void close() {
    results.forEach(ArrowMemorySource::close);
    engine.close();
    allocator.close();
  }
}
