package dev.locus.core.execution;

/** Creates {@link QueryExecutor}s; registered in {@code META-INF/services}. */
public interface QueryExecutorFactory {
  /** The name a user picks it by; {@code local} is the in-process engine. */
  String name();

  QueryExecutor create(ExecutorConfig config);
}
