package dev.locus.cluster.worker;

import static java.util.Objects.requireNonNull;

import dev.locus.cluster.coordinator.ExchangeSource;
import dev.locus.cluster.node.InboxReads;
import dev.locus.cluster.node.NodeCatalogs;
import dev.locus.cluster.node.TableSplits;
import dev.locus.core.batch.Batches;
import dev.locus.core.batch.ObjectBatchCodec;
import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.plan.LogicalPlan;
import dev.locus.core.plan.Scan;
import dev.locus.core.source.Source;
import dev.locus.core.source.memory.ArrowMemorySource;
import dev.locus.core.source.remote.RemoteTableSource;
import dev.locus.core.type.Schema;
import dev.locus.operators.exchange.HashPartitioner;
import dev.locus.scheduler.LocalExecutor;
import dev.locus.shuffle.BatchOutbox;
import dev.locus.shuffle.ExchangeInbox;
import dev.locus.shuffle.ShuffleAddress;
import dev.locus.shuffle.ShuffleTransport;
import dev.locus.shuffle.StreamId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Runs one task attempt on this node: decodes its fragment in the job's class loader, binds its
 * input (a split of a table read here, or the partitions other tasks sent to this node's inboxes),
 * runs it, and streams the output to its targets, hash-partitioned when it feeds a join. Plain
 * Java; the worker actor calls it on a task thread.
 */
public final class TaskRunner {
  private static final Duration INPUT_WAIT = Duration.ofSeconds(60);
  private static final long INBOX_MEMORY_BYTES = 256L << 20;

  private final NodeCatalogs catalogs;
  private final LocalExecutor executor;
  private final ShuffleTransport transport;
  private final JobClassLoaders classLoaders;
  private final BufferAllocator allocator;

  public TaskRunner(
      NodeCatalogs catalogs,
      LocalExecutor executor,
      ShuffleTransport transport,
      JobClassLoaders classLoaders,
      BufferAllocator allocator) {
    this.catalogs = requireNonNull(catalogs, "catalogs is null");
    this.executor = requireNonNull(executor, "executor is null");
    this.transport = requireNonNull(transport, "transport is null");
    this.classLoaders = requireNonNull(classLoaders, "classLoaders is null");
    this.allocator = requireNonNull(allocator, "allocator is null");
  }

  /** Drops what this node holds for a job that ended: inputs of tasks that never ran. */
  public void forgetJob(String jobId) {
    transport.dropPending(jobId + "/", "job " + jobId + " has ended");
  }

  /** Rows the task sent. */
  public record Output(long rows) {}

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
    List<AutoCloseable> resources = new ArrayList<>();
    try {
      LogicalPlan fragment =
          (LogicalPlan) new ObjectBatchCodec(jobLoader).decodeObject(task.fragment());
      // A source task reads its split here; a join task (or a source task joining broadcast
      // tables) reads what other tasks sent it.
      LogicalPlan local = bindSplit(fragment, task.taskId());
      if (!task.inputs().isEmpty()) {
        local = bindInputs(local, task, readInputs(task, fragment, resources));
      }
      try (Outboxes outboxes = new Outboxes(task, fragment)) {
        executor.stream(
            local,
            batch -> {
              try {
                if (cancelled.getAsBoolean()) {
                  throw new LocusException(
                      ErrorCode.JOB_CANCELLED, "Job " + task.jobId() + " was cancelled");
                }
                outboxes.send(batch);
              } finally {
                if (batch instanceof VectorSchemaRoot root) {
                  Batches.closeAll(List.of(root));
                }
              }
            });
        outboxes.finish();
        return new Output(outboxes.rows.get());
      }
    } finally {
      closeAll(resources);
      thread.setContextClassLoader(previous);
    }
  }

  private static void closeAll(List<AutoCloseable> resources) {
    RuntimeException failure = null;
    for (int i = resources.size() - 1; i >= 0; i--) {
      try {
        resources.get(i).close();
      } catch (Exception e) {
        if (failure == null) {
          failure =
              new LocusException(ErrorCode.INTERNAL_ERROR, "Cannot release " + resources.get(i), e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** The batches each input stage sent this task, by stage id, as in-memory sources. */
  private Map<Integer, ArrowMemorySource> readInputs(
      TaskSpec task, LogicalPlan fragment, List<AutoCloseable> resources) {
    Map<Integer, Schema> schemas = new HashMap<>();
    exchangeSchemas(fragment, schemas);
    Map<Integer, ArrowMemorySource> sources = new HashMap<>();
    for (TaskSpec.Input input : task.inputs()) {
      Schema schema = schemas.get(input.stageId());
      if (schema == null) {
        throw new LocusException(
            ErrorCode.INTERNAL_ERROR,
            "Task "
                + task.describe()
                + " reads stage "
                + input.stageId()
                + ", which its plan does not");
      }
      ExchangeInbox inbox = transport.openInbox(input.exchange(), schema, INBOX_MEMORY_BYTES);
      resources.add(inbox);
      List<StreamId> streams = new ArrayList<>();
      for (int i = 0; i < input.producers().size(); i++) {
        streams.add(new StreamId(input.producers().get(i), input.attempts().get(i), task.taskId()));
      }
      if (!inbox.awaitCompleted(streams, INPUT_WAIT)) {
        throw new LocusException(
            ErrorCode.NODE_UNAVAILABLE,
            "Task "
                + task.describe()
                + " did not receive its input from stage "
                + input.stageId()
                + " within "
                + INPUT_WAIT.toSeconds()
                + " s; received "
                + inbox.completed().size()
                + " of "
                + streams.size()
                + " streams");
      }
      ArrowMemorySource source =
          InboxReads.arrow(inbox, streams, allocator, "stage-" + input.stageId(), schema);
      resources.add(source);
      sources.put(input.stageId(), source);
    }
    return sources;
  }

  private static void exchangeSchemas(LogicalPlan plan, Map<Integer, Schema> schemas) {
    if (plan instanceof Scan scan && scan.source() instanceof ExchangeSource exchange) {
      schemas.put(exchange.stageId(), exchange.schema());
    }
    for (LogicalPlan input : plan.inputs()) {
      exchangeSchemas(input, schemas);
    }
  }

  private LogicalPlan bindInputs(
      LogicalPlan plan, TaskSpec task, Map<Integer, ArrowMemorySource> sources) {
    if (plan instanceof Scan scan && scan.source() instanceof ExchangeSource exchange) {
      ArrowMemorySource source = sources.get(exchange.stageId());
      if (source == null) {
        throw new LocusException(
            ErrorCode.INTERNAL_ERROR,
            "Task " + task.describe() + " has no input from stage " + exchange.stageId());
      }
      return new Scan(source, scan.columns());
    }
    if (plan.inputs().isEmpty()) {
      return plan;
    }
    List<LogicalPlan> inputs = new ArrayList<>();
    for (LogicalPlan input : plan.inputs()) {
      inputs.add(bindInputs(input, task, sources));
    }
    return plan.withInputs(inputs);
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

  /** The task's output streams: one per target, fed whole or by hash partition. */
  private final class Outboxes implements AutoCloseable {
    private final Map<Integer, BatchOutbox> byConsumer = new HashMap<>();
    private final HashPartitioner partitioner;
    private final AtomicLong rows = new AtomicLong();

    Outboxes(TaskSpec task, LogicalPlan fragment) {
      try {
        for (TaskSpec.Target target : task.targets()) {
          byConsumer.put(
              target.consumer(),
              transport.openOutbox(
                  new ShuffleAddress(target.host(), target.port()),
                  target.exchange(),
                  new StreamId(task.taskId(), task.attempt(), target.consumer()),
                  fragment.schema()));
        }
      } catch (RuntimeException e) {
        close();
        throw e;
      }
      // Without keys every target gets every batch: the coordinator, or a broadcast.
      partitioner =
          task.partitionKeys().isEmpty()
              ? null
              : new HashPartitioner(task.partitionKeys(), task.partitionCount());
    }

    synchronized void send(Object batch) {
      rows.addAndGet(rowCount(batch));
      if (partitioner == null || !(batch instanceof VectorSchemaRoot root)) {
        for (BatchOutbox outbox : byConsumer.values()) {
          outbox.send(batch);
        }
        return;
      }
      VectorSchemaRoot[] parts = partitioner.partition(root, allocator);
      try {
        for (int partition = 0; partition < parts.length; partition++) {
          BatchOutbox outbox = byConsumer.get(partition);
          if (parts[partition] != null && outbox != null) {
            outbox.send(parts[partition]);
          }
        }
      } finally {
        for (VectorSchemaRoot part : parts) {
          if (part != null) {
            part.close();
          }
        }
      }
    }

    void finish() {
      for (BatchOutbox outbox : byConsumer.values()) {
        outbox.finish();
      }
    }

    @Override
    public void close() {
      for (BatchOutbox outbox : byConsumer.values()) {
        outbox.close();
      }
    }
  }

  private static long rowCount(Object batch) {
    if (batch instanceof VectorSchemaRoot root) {
      return root.getRowCount();
    }
    return batch instanceof List<?> objects ? objects.size() : 0;
  }
}
