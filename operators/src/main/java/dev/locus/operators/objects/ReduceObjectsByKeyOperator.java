package dev.locus.operators.objects;

import static java.util.Objects.requireNonNull;

import dev.locus.operators.Operator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Reduces the objects of each key (by {@code equals}; null is a key like any other) to one with an
 * associative reducer, in a hash table; emits one object per key at {@link #finish}, in batches of
 * at most {@code batchSize}. The same operator serves as the combiner on each partition before a
 * shuffle and as the final reduction after it: its output has the input's type and key.
 */
public final class ReduceObjectsByKeyOperator implements Operator<List<Object>, List<Object>> {
  private final Function<Object, Object> key;
  private final BinaryOperator<Object> reducer;
  private final int batchSize;
  private Map<Object, Accumulator> groups = new HashMap<>();

  /** The reduced value of one key; a holder, since a reducer may return null. */
  private static final class Accumulator {
    Object value;

    Accumulator(Object value) {
      this.value = value;
    }
  }

  public ReduceObjectsByKeyOperator(
      Function<Object, Object> key, BinaryOperator<Object> reducer, int batchSize) {
    this.key = requireNonNull(key, "key is null");
    this.reducer = requireNonNull(reducer, "reducer is null");
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be at least 1; found " + batchSize);
    }
    this.batchSize = batchSize;
  }

  @Override
  public void push(List<Object> batch, Consumer<List<Object>> out) {
    for (Object element : batch) {
      Object elementKey;
      try {
        elementKey = key.apply(element);
      } catch (RuntimeException e) {
        throw UserFunctions.failed("ReduceByKey", element, e);
      }
      Accumulator accumulator = groups.get(elementKey);
      if (accumulator == null) {
        groups.put(elementKey, new Accumulator(element));
        continue;
      }
      try {
        accumulator.value = reducer.apply(accumulator.value, element);
      } catch (RuntimeException e) {
        throw UserFunctions.failed("ReduceByKey", element, e);
      }
    }
  }

  @Override
  public void finish(Consumer<List<Object>> out) {
    Map<Object, Accumulator> reduced = groups;
    groups = new HashMap<>();
    List<Object> output = new ArrayList<>(Math.min(batchSize, reduced.size()));
    for (Accumulator accumulator : reduced.values()) {
      output.add(accumulator.value);
      if (output.size() == batchSize) {
        out.accept(output);
        output = new ArrayList<>(batchSize);
      }
    }
    if (!output.isEmpty()) {
      out.accept(output);
    }
  }

  @Override
  public void close() {
    groups = new HashMap<>();
  }
}
