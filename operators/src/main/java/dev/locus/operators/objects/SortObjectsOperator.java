package dev.locus.operators.objects;

import static java.util.Objects.requireNonNull;

import dev.locus.operators.Operator;
import it.unimi.dsi.fastutil.ints.IntArrays;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Sorts all its input objects by a key a user function extracts (once per object), in the key's
 * natural order or its reverse, null keys last; equal keys keep their arrival order. Emits the
 * sorted objects at {@link #finish} in batches of at most {@code batchSize}. Sorted partitions are
 * combined with {@link SortedObjectRuns#merge}.
 */
public final class SortObjectsOperator implements Operator<List<Object>, List<Object>> {
  private final Function<Object, ?> key;
  private final boolean ascending;
  private final int batchSize;
  private List<Object> elements = new ArrayList<>();
  private List<Object> keys = new ArrayList<>();

  public SortObjectsOperator(Function<Object, ?> key, boolean ascending, int batchSize) {
    this.key = requireNonNull(key, "key is null");
    this.ascending = ascending;
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be at least 1; found " + batchSize);
    }
    this.batchSize = batchSize;
  }

  @Override
  public void push(List<Object> batch, Consumer<List<Object>> out) {
    for (Object element : batch) {
      keys.add(SortKeyOrder.extract(key, element));
      elements.add(element);
    }
  }

  @Override
  public void finish(Consumer<List<Object>> out) {
    List<Object> sortedElements = elements;
    List<Object> sortedKeys = keys;
    elements = new ArrayList<>();
    keys = new ArrayList<>();
    int count = sortedElements.size();
    Object[] keyArray = sortedKeys.toArray();
    int[] order = new int[count];
    for (int i = 0; i < count; i++) {
      order[i] = i;
    }
    // A stable merge sort of positions: equal keys keep their arrival order.
    IntArrays.mergeSort(order, (a, b) -> SortKeyOrder.compare(keyArray[a], keyArray[b], ascending));
    List<Object> output = new ArrayList<>(Math.min(batchSize, count));
    for (int i = 0; i < count; i++) {
      output.add(sortedElements.get(order[i]));
      if (output.size() == batchSize) {
        out.accept(output);
        output = new ArrayList<>(Math.min(batchSize, count - i - 1));
      }
    }
    if (!output.isEmpty()) {
      out.accept(output);
    }
  }

  @Override
  public void close() {
    elements = new ArrayList<>();
    keys = new ArrayList<>();
  }
}
