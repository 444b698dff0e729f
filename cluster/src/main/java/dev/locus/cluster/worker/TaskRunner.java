package dev.locus.cluster.worker;

import static java.util.Objects.requireNonNull;

import dev.locus.cluster.node.NodeCatalogs;
import dev.locus.cluster.node.TableSplits;
import dev.locus.core.batch.Batches;
import dev.locus.core.batch.ObjectBatchCodec;
import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.plan.LogicalPlan;
import dev.locus.core.plan.Scan;
import dev.locus.core.source.Source;
import dev.locus.core.source.remote.RemoteTableSource;
import dev.locus.scheduler.LocalExecutor;
import dev.locus.shuffle.BatchOutbox;
import dev.locus.shuffle.ShuffleAddress;
import dev.locus.shuffle.ShuffleTransport;
import dev.locus.shuffle.StreamId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Runs one task on this node: decodes its fragment in the job's class loader, reads its split of
 * the table here, and streams the fragment's output batches to the exchange the task names. Plain
 * Java; the worker actor calls it on a task thread.
 */
public final class TaskRunner {
  private final NodeCatalogs catalogs;
  private final LocalExecutor executor;
  private final ShuffleTransport transport;
  private final JobClassLoaders classLoaders;

  public TaskRunner(
      NodeCatalogs catalogs,
      LocalExecutor executor,
      ShuffleTransport transport,
      JobClassLoaders classLoaders) {
    this.catalogs = requireNonNull(catalogs, "catalogs is null");
    this.executor = requireNonNull(executor, "executor is null");
    this.transport = requireNonNull(transport, "transport is null");
    this.classLoaders = requireNonNull(classLoaders, "classLoaders is null");
  }

  /** Rows and encoded batches a task sent. */
  public record Output(long rows, long batches) {}

  /**
   * Runs the task; {@code cancelled} is polled between batches.
   *
   * @throws LocusException the task's failure, or JOB_CANCELLED
   */
  public Output run(TaskSpec task, BooleanSupplier cancelled) {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    ClassLoader jobLoader = classLoaders.forJar(task.jarId(), task.jarUrl());
    thread.setContextClassLoader(jobLoader);
    try {
      LogicalPlan fragment =
          (LogicalPlan) new ObjectBatchCodec(jobLoader).decodeObject(task.fragment());
      LogicalPlan local = bindSplit(fragment, task.taskId());
      AtomicLong rows = new AtomicLong();
      AtomicLong batches = new AtomicLong();
      try (BatchOutbox outbox =
          transport.openOutbox(
              new ShuffleAddress(task.resultHost(), task.resultPort()),
              task.exchange(),
              new StreamId(task.taskId(), task.attempt(), 0),
              fragment.schema())) {
        executor.stream(
            local,
            batch -> {
              try {
                if (cancelled.getAsBoolean()) {
                  throw new LocusException(
                      ErrorCode.JOB_CANCELLED, "Job " + task.jobId() + " was cancelled");
                }
                synchronized (outbox) {
                  outbox.send(batch);
                }
                rows.addAndGet(rowCount(batch));
                batches.incrementAndGet();
              } finally {
                if (batch instanceof VectorSchemaRoot root) {
                  Batches.closeAll(List.of(root));
                }
              }
            });
        outbox.finish();
      }
      return new Output(rows.get(), batches.get());
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  private static long rowCount(Object batch) {
    if (batch instanceof VectorSchemaRoot root) {
      return root.getRowCount();
    }
    return batch instanceof List<?> objects ? objects.size() : 0;
  }

  /** The fragment with its cluster table replaced by split {@code index} of the table here. */
  private LogicalPlan bindSplit(LogicalPlan plan, int index) {
    if (plan instanceof Scan scan && scan.source() instanceof RemoteTableSource table) {
      Source source = catalogs.resolve(table.path());
      return new Scan(
          new SplitSource(source, TableSplits.split(table, source, index)), scan.columns());
    }
    List<LogicalPlan> inputs = new ArrayList<>();
    for (LogicalPlan input : plan.inputs()) {
      inputs.add(bindSplit(input, index));
    }
    return plan.inputs().isEmpty() ? plan : plan.withInputs(inputs);
  }
}
