package dev.locus.operators.objects;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A k-way merge of runs of objects each sorted by {@link SortObjectsOperator} with the same key and
 * direction (the sorted partitions of a stage) into one sorted sequence. Keys are extracted again,
 * once per object; equal keys come out in run order, so the merge of stable runs is stable.
 */
public final class SortedObjectRuns {
  private SortedObjectRuns() {}

  /**
   * Merges the runs (each a list of sorted batches) and emits at most {@code limit} objects in
   * batches of at most {@code batchSize}.
   */
  public static void merge(
      List<? extends List<? extends List<Object>>> runs,
      Function<Object, ?> key,
      boolean ascending,
      long limit,
      int batchSize,
      Consumer<List<Object>> out) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be at least 1; found " + batchSize);
    }
    PriorityQueue<Cursor> heads =
        new PriorityQueue<>(
            Math.max(1, runs.size()),
            (a, b) -> {
              int order = SortKeyOrder.compare(a.key, b.key, ascending);
              return order != 0 ? order : Integer.compare(a.run, b.run);
            });
    for (int run = 0; run < runs.size(); run++) {
      Cursor cursor = new Cursor(run, runs.get(run), key);
      if (cursor.advance()) {
        heads.add(cursor);
      }
    }
    List<Object> output = new ArrayList<>();
    long emitted = 0;
    while (!heads.isEmpty() && emitted < limit) {
      Cursor head = heads.poll();
      output.add(head.element);
      emitted++;
      if (output.size() == batchSize) {
        out.accept(output);
        output = new ArrayList<>();
      }
      if (head.advance()) {
        heads.add(head);
      }
    }
    if (!output.isEmpty()) {
      out.accept(output);
    }
  }

  /** The next object of one run and its key. */
  private static final class Cursor {
    final int run;
    final List<? extends List<Object>> batches;
    final Function<Object, ?> keyFunction;
    int batch;
    int position = -1;
    Object element;
    Object key;

    Cursor(int run, List<? extends List<Object>> batches, Function<Object, ?> keyFunction) {
      this.run = run;
      this.batches = batches;
      this.keyFunction = keyFunction;
    }

    boolean advance() {
      position++;
      while (batch < batches.size() && position >= batches.get(batch).size()) {
        batch++;
        position = 0;
      }
      if (batch >= batches.size()) {
        return false;
      }
      element = batches.get(batch).get(position);
      key = SortKeyOrder.extract(keyFunction, element);
      return true;
    }
  }
}
