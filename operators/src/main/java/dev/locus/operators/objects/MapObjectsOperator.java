package dev.locus.operators.objects;

import static java.util.Objects.requireNonNull;

import dev.locus.operators.Operator;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/** Applies a user function to each object: one output object per input object. */
public final class MapObjectsOperator implements Operator<List<Object>, List<Object>> {
  private final Function<Object, Object> function;

  public MapObjectsOperator(Function<Object, Object> function) {
    this.function = requireNonNull(function, "function is null");
  }

  @Override
  public void push(List<Object> batch, Consumer<List<Object>> out) {
    if (batch.isEmpty()) {
      return;
    }
    List<Object> mapped = new ArrayList<>(batch.size());
    for (Object element : batch) {
      try {
        mapped.add(function.apply(element));
      } catch (RuntimeException e) {
        throw UserFunctions.failed("Map", element, e);
      }
    }
    out.accept(mapped);
  }

  @Override
  public void finish(Consumer<List<Object>> out) {}

  @Override
  public void close() {}
}
