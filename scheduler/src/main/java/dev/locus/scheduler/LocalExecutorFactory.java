package dev.locus.scheduler;

import dev.locus.core.execution.ExecutorConfig;
import dev.locus.core.execution.QueryExecutor;
import dev.locus.core.execution.QueryExecutorFactory;

/** The {@code local} executor: everything in this JVM. */
public final class LocalExecutorFactory implements QueryExecutorFactory {
  @Override
  public String name() {
    return "local";
  }

  @Override
  public QueryExecutor create(ExecutorConfig config) {
    return new LocalExecutor(config);
  }
}
