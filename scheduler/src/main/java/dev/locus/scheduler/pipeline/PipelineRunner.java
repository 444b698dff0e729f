package dev.locus.scheduler.pipeline;

import dev.locus.core.batch.Batches;
import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.operators.Operator;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import org.apache.arrow.memory.OutOfMemoryException;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Runs the partitions of a pipeline in parallel on a thread pool and measures every operator: rows
 * and batches out, and time spent in the operator itself (not in the operators it feeds).
 */
public final class PipelineRunner {
  private final ExecutorService pool;
  private final Map<Integer, NodeStats> stats;

  /** {@code stats} has an entry for every node id that occurs in the pipelines run. */
  public PipelineRunner(ExecutorService pool, Map<Integer, NodeStats> stats) {
    this.pool = pool;
    this.stats = stats;
  }

  /** Where one partition's output batches go. */
  public interface PartitionSink {
    void accept(Object batch);

    /** Called after the partition's last batch. */
    default void finish() {}
  }

  /** Runs the pipeline and returns each partition's output batches. */
  public List<List<Object>> materialize(Pipeline pipeline) {
    List<List<Object>> outputs = new ArrayList<>();
    for (int i = 0; i < pipeline.partitionCount(); i++) {
      outputs.add(Collections.synchronizedList(new ArrayList<>()));
    }
    try {
      run(pipeline, partition -> outputs.get(partition)::add);
    } catch (RuntimeException e) {
      for (List<Object> output : outputs) {
        closeBatches(output);
      }
      throw e;
    }
    return outputs;
  }

  /**
   * Runs every partition to completion with its own sink; the first failure is rethrown after all
   * partitions have stopped (the others are cancelled at their next batch).
   */
  public void run(Pipeline pipeline, IntFunction<PartitionSink> sinks) {
    CancellationFlag cancelled = new CancellationFlag();
    List<Future<?>> futures = new ArrayList<>();
    try {
      for (int i = 0; i < pipeline.partitionCount(); i++) {
        int partition = i;
        PartitionTask task = pipeline.partitions().get(i);
        futures.add(
            pool.submit(() -> runPartition(task, partition, sinks.apply(partition), cancelled)));
      }
      Throwable failure = null;
      for (Future<?> future : futures) {
        try {
          future.get();
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (failure == null || failure instanceof Cancelled) {
            failure = cause;
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          cancelled.set();
          failure = new LocusException(ErrorCode.INTERNAL_ERROR, "Query interrupted", e);
        }
      }
      if (failure != null) {
        throw asLocusException(failure);
      }
    } finally {
      for (AutoCloseable cleanup : pipeline.cleanups()) {
        try {
          cleanup.close();
        } catch (Exception e) {
          throw new LocusException(ErrorCode.INTERNAL_ERROR, "Failed to release " + cleanup, e);
        }
      }
    }
  }

  private void runPartition(
      PartitionTask task, int partition, PartitionSink sink, CancellationFlag cancelled) {
    List<Operator<Object, Object>> operators = new ArrayList<>();
    try {
      for (OperatorFactory factory : task.operators()) {
        operators.add(factory.create(partition));
      }
      // Build the chain from the sink backwards.
      Consumer<Object> downstream = sink::accept;
      List<MeasuredStep> steps = new ArrayList<>();
      for (int i = operators.size() - 1; i >= 0; i--) {
        OperatorFactory factory = task.operators().get(i);
        MeasuredStep step =
            new MeasuredStep(
                operators.get(i), stats.get(factory.nodeId()), factory.countsRows(), downstream);
        steps.add(0, step);
        downstream = step;
      }
      MeasuredSource source =
          new MeasuredSource(statsOf(task.sourceNodeId()), downstream, cancelled, operators);
      source.run(task.source());
      for (MeasuredStep step : steps) {
        cancelled.check();
        step.finish();
      }
      sink.finish();
    } catch (RuntimeException | Error e) {
      cancelled.set();
      task.source().discard();
      throw e;
    } finally {
      RuntimeException failure = null;
      for (Operator<Object, Object> operator : operators) {
        try {
          operator.close();
        } catch (RuntimeException e) {
          failure = failure == null ? e : failure;
        }
      }
      if (failure != null) {
        throw failure;
      }
    }
  }

  private NodeStats statsOf(int nodeId) {
    return nodeId < 0 ? null : stats.get(nodeId);
  }

  static long rowCount(Object batch) {
    if (batch instanceof VectorSchemaRoot root) {
      return root.getRowCount();
    }
    if (batch instanceof List<?> objects) {
      return objects.size();
    }
    return 0;
  }

  /** Closes Arrow batches of a list (object batches need no closing). */
  public static void closeBatches(List<Object> batches) {
    List<AutoCloseable> closeables = new ArrayList<>();
    synchronized (batches) {
      for (Object batch : batches) {
        if (batch instanceof AutoCloseable closeable) {
          closeables.add(closeable);
        }
      }
      batches.clear();
    }
    Batches.closeAll(closeables);
  }

  static LocusException asLocusException(Throwable failure) {
    if (failure instanceof LocusException locus) {
      // Rethrow with the caller's stack, keeping the task's as the cause.
      return new LocusException(locus.code(), locus.getMessage(), locus);
    }
    if (failure instanceof OutOfMemoryException || failure instanceof OutOfMemoryError) {
      return new LocusException(
          ErrorCode.OUT_OF_MEMORY, "Query ran out of memory: " + failure.getMessage(), failure);
    }
    return new LocusException(ErrorCode.INTERNAL_ERROR, "Internal error: " + failure, failure);
  }

  /** Set when a partition fails, so the others stop at their next batch. */
  private static final class CancellationFlag {
    private volatile boolean set;

    void set() {
      set = true;
    }

    void check() {
      if (set) {
        throw new Cancelled();
      }
    }
  }

  /** A partition stopped because another one failed. */
  private static final class Cancelled extends RuntimeException {
    Cancelled() {
      super("cancelled after a failure in another partition", null, false, false);
    }
  }

  /** Times an operator, pausing while its output is consumed downstream. */
  private static final class MeasuredStep implements Consumer<Object> {
    private final Operator<Object, Object> operator;
    private final NodeStats stats;
    private final Consumer<Object> emit;
    private long start;

    MeasuredStep(
        Operator<Object, Object> operator,
        NodeStats stats,
        boolean countsRows,
        Consumer<Object> downstream) {
      this.operator = operator;
      this.stats = stats;
      this.emit =
          batch -> {
            long now = System.nanoTime();
            stats.addNanos(now - start);
            if (countsRows) {
              stats.addOutput(rowCount(batch));
            }
            downstream.accept(batch);
            start = System.nanoTime();
          };
    }

    @Override
    public void accept(Object batch) {
      start = System.nanoTime();
      operator.push(batch, emit);
      stats.addNanos(System.nanoTime() - start);
    }

    void finish() {
      start = System.nanoTime();
      operator.finish(emit);
      stats.addNanos(System.nanoTime() - start);
    }
  }

  /**
   * Times a source the same way; stops it when another partition failed, or early when an operator
   * of the chain needs no more input (a satisfied limit).
   */
  private static final class MeasuredSource implements Consumer<Object> {
    private final NodeStats stats;
    private final Consumer<Object> downstream;
    private final CancellationFlag cancelled;
    private final List<Operator<Object, Object>> operators;
    private long start;

    MeasuredSource(
        NodeStats stats,
        Consumer<Object> downstream,
        CancellationFlag cancelled,
        List<Operator<Object, Object>> operators) {
      this.stats = stats;
      this.downstream = downstream;
      this.cancelled = cancelled;
      this.operators = operators;
    }

    void run(BatchSource source) {
      cancelled.check();
      start = System.nanoTime();
      try {
        source.produce(this);
      } catch (EnoughInput e) {
        // The source closed what it had open on the way out; the chain is finished normally.
      }
      if (stats != null) {
        stats.addNanos(System.nanoTime() - start);
      }
    }

    private boolean enough() {
      for (Operator<Object, Object> operator : operators) {
        if (operator.needsNoMoreInput()) {
          return true;
        }
      }
      return false;
    }

    @Override
    public void accept(Object batch) {
      long now = System.nanoTime();
      if (stats != null) {
        stats.addNanos(now - start);
        stats.addOutput(rowCount(batch));
      }
      try {
        cancelled.check();
      } catch (Cancelled e) {
        if (batch instanceof AutoCloseable closeable) {
          Batches.closeAll(List.of(closeable));
        }
        throw e;
      }
      downstream.accept(batch);
      if (enough()) {
        throw new EnoughInput();
      }
      start = System.nanoTime();
    }
  }

  /** Ends a source's loop early once the chain needs no more input. */
  private static final class EnoughInput extends RuntimeException {
    EnoughInput() {
      super("the chain needs no more input", null, false, false);
    }
  }
}
