package dev.locus.operators.objects;

import dev.locus.operators.Operator;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Removes duplicate objects (by {@code equals} and {@code hashCode}; nulls equal each other). Each
 * object is emitted as soon as it is first seen, so the operator does not block its output, but it
 * remembers every distinct object until it is closed. On each partition before a shuffle it drops
 * local duplicates; after a shuffle by value it drops the rest.
 */
public final class DistinctObjectsOperator implements Operator<List<Object>, List<Object>> {
  private Set<Object> seen = new HashSet<>();

  @Override
  public void push(List<Object> batch, Consumer<List<Object>> out) {
    List<Object> fresh = new ArrayList<>(batch.size());
    for (Object element : batch) {
      if (seen.add(element)) {
        fresh.add(element);
      }
    }
    if (!fresh.isEmpty()) {
      out.accept(fresh);
    }
  }

  @Override
  public void finish(Consumer<List<Object>> out) {
    seen = new HashSet<>();
  }

  @Override
  public void close() {
    seen = new HashSet<>();
  }
}
