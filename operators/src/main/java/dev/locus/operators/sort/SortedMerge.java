package dev.locus.operators.sort;

import static java.util.Objects.requireNonNull;

import dev.locus.core.batch.Batches;
import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.plan.SortKey;
import dev.locus.core.type.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * K-way merge of runs that are each sorted by the same keys (for example the per-partition outputs
 * of {@link SortOperator}), through a binary heap of run cursors. Output rows are collected as
 * references and gathered column by column into batches of at most {@link
 * Batches#DEFAULT_BATCH_SIZE} rows; a run's batch is closed as soon as the output that copies its
 * last row has been built.
 */
public final class SortedMerge {
  private final List<VectorSchemaRoot> batches;
  private final boolean[] closed;
  private final int[] runEnd;
  private final int[] batchOf;
  private final int[] rowOf;
  private final int[] closedUpTo;
  private final long[] current;
  private final int[] heap;
  private int heapSize;
  private RowComparator comparator;

  private SortedMerge(List<List<VectorSchemaRoot>> sortedRuns) {
    int runs = sortedRuns.size();
    batches = new ArrayList<>();
    runEnd = new int[runs];
    batchOf = new int[runs];
    rowOf = new int[runs];
    closedUpTo = new int[runs];
    current = new long[runs];
    heap = new int[runs];
    for (int run = 0; run < runs; run++) {
      List<VectorSchemaRoot> batchesOfRun = requireNonNull(sortedRuns.get(run), "run is null");
      batchOf[run] = batches.size();
      closedUpTo[run] = batches.size();
      for (VectorSchemaRoot batch : batchesOfRun) {
        batches.add(requireNonNull(batch, "batch is null"));
      }
      runEnd[run] = batches.size();
    }
    closed = new boolean[batches.size()];
  }

  /**
   * Merges {@code sortedRuns} (each a list of batches sorted by {@code keys}) and emits at most
   * {@code limit} rows ({@link Long#MAX_VALUE} for all) to {@code out}. Takes ownership of the run
   * batches and closes them all, also on failure.
   */
  public static void merge(
      List<List<VectorSchemaRoot>> sortedRuns,
      List<SortKey> keys,
      Schema schema,
      long limit,
      BufferAllocator allocator,
      Consumer<VectorSchemaRoot> out) {
    requireNonNull(sortedRuns, "sortedRuns is null");
    SortedMerge merge = new SortedMerge(sortedRuns);
    try {
      requireNonNull(keys, "keys is null");
      requireNonNull(schema, "schema is null");
      requireNonNull(allocator, "allocator is null");
      requireNonNull(out, "out is null");
      if (limit < 0) {
        throw new LocusException(
            ErrorCode.INVALID_ARGUMENT, "Merge limit must be non-negative; found " + limit);
      }
      RowComparator.checkKeys(keys, schema, "Merge");
      merge.run(keys, schema, limit, allocator, out);
    } finally {
      merge.closeRemaining();
    }
  }

  private void run(
      List<SortKey> keys,
      Schema schema,
      long limit,
      BufferAllocator allocator,
      Consumer<VectorSchemaRoot> out) {
    if (limit == 0) {
      return;
    }
    comparator = RowComparator.create(keys, schema, batches);
    for (int run = 0; run < runEnd.length; run++) {
      int batch = batchOf[run];
      while (batch < runEnd[run] && batches.get(batch).getRowCount() == 0) {
        batch++;
      }
      batchOf[run] = batch;
      if (batch < runEnd[run]) {
        current[run] = Batches.rowReference(batch, 0);
        heap[heapSize++] = run;
      }
    }
    for (int i = heapSize / 2 - 1; i >= 0; i--) {
      siftDown(i);
    }
    long[] pending = new long[(int) Math.min(Batches.DEFAULT_BATCH_SIZE, limit)];
    int pendingCount = 0;
    long emitted = 0;
    // hot path
    while (heapSize > 0 && emitted < limit) {
      int run = heap[0];
      pending[pendingCount++] = current[run];
      emitted++;
      int batch = batchOf[run];
      int row = rowOf[run] + 1;
      if (row >= batches.get(batch).getRowCount()) {
        row = 0;
        batch++;
        while (batch < runEnd[run] && batches.get(batch).getRowCount() == 0) {
          batch++;
        }
      }
      batchOf[run] = batch;
      rowOf[run] = row;
      if (batch < runEnd[run]) {
        current[run] = Batches.rowReference(batch, row);
      } else {
        heap[0] = heap[--heapSize];
      }
      if (heapSize > 0) {
        siftDown(0);
      }
      if (pendingCount == pending.length) {
        out.accept(Batches.gather(schema, batches, pending, 0, pendingCount, allocator));
        pendingCount = 0;
        closeConsumed();
      }
    }
    if (pendingCount > 0) {
      out.accept(Batches.gather(schema, batches, pending, 0, pendingCount, allocator));
    }
  }

  // hot path
  private void siftDown(int index) {
    int run = heap[index];
    long reference = current[run];
    while (true) {
      int child = 2 * index + 1;
      if (child >= heapSize) {
        break;
      }
      int right = child + 1;
      if (right < heapSize && comparator.compare(current[heap[right]], current[heap[child]]) < 0) {
        child = right;
      }
      if (comparator.compare(current[heap[child]], reference) >= 0) {
        break;
      }
      heap[index] = heap[child];
      index = child;
    }
    heap[index] = run;
  }

  /** Closes the batches every run has moved past; pending output must not reference them. */
  private void closeConsumed() {
    for (int run = 0; run < runEnd.length; run++) {
      for (int batch = closedUpTo[run]; batch < batchOf[run]; batch++) {
        close(batch);
      }
      closedUpTo[run] = Math.max(closedUpTo[run], batchOf[run]);
    }
  }

  private void close(int batch) {
    if (!closed[batch]) {
      closed[batch] = true;
      batches.get(batch).close();
    }
  }

  private void closeRemaining() {
    List<VectorSchemaRoot> open = new ArrayList<>();
    for (int batch = 0; batch < closed.length; batch++) {
      if (!closed[batch]) {
        closed[batch] = true;
        open.add(batches.get(batch));
      }
    }
    Batches.closeAll(open);
  }
}
