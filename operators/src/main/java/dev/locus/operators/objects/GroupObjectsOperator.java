package dev.locus.operators.objects;

import static java.util.Objects.requireNonNull;

import dev.locus.operators.Operator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Groups objects by key (by {@code equals}; null is a key like any other) and, at {@link #finish},
 * applies a user function to each key and the list of its objects (in arrival order), emitting one
 * object per group. Blocking: every object is held until the end. After a shuffle by key, each
 * partition holds whole groups.
 */
public final class GroupObjectsOperator implements Operator<List<Object>, List<Object>> {
  private final Function<Object, Object> key;
  private final BiFunction<Object, List<Object>, Object> groupFunction;
  private final int batchSize;
  private Map<Object, List<Object>> groups = new HashMap<>();

  public GroupObjectsOperator(
      Function<Object, Object> key,
      BiFunction<Object, List<Object>, Object> groupFunction,
      int batchSize) {
    this.key = requireNonNull(key, "key is null");
    this.groupFunction = requireNonNull(groupFunction, "groupFunction is null");
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
        throw UserFunctions.failed("GroupByKey", element, e);
      }
      List<Object> group = groups.get(elementKey);
      if (group == null) {
        group = new ArrayList<>();
        groups.put(elementKey, group);
      }
      group.add(element);
    }
  }

  @Override
  public void finish(Consumer<List<Object>> out) {
    Map<Object, List<Object>> grouped = groups;
    groups = new HashMap<>();
    List<Object> output = new ArrayList<>(Math.min(batchSize, grouped.size()));
    for (Map.Entry<Object, List<Object>> group : grouped.entrySet()) {
      try {
        output.add(groupFunction.apply(group.getKey(), group.getValue()));
      } catch (RuntimeException e) {
        throw UserFunctions.failed("GroupByKey", group.getKey(), e);
      }
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
