package dev.locus.operators.objects;

import static java.util.Objects.requireNonNull;

import dev.locus.operators.Operator;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** Keeps the objects for which a user predicate is true. */
public final class FilterObjectsOperator implements Operator<List<Object>, List<Object>> {
  private final Predicate<Object> predicate;

  public FilterObjectsOperator(Predicate<Object> predicate) {
    this.predicate = requireNonNull(predicate, "predicate is null");
  }

  @Override
  public void push(List<Object> batch, Consumer<List<Object>> out) {
    List<Object> kept = new ArrayList<>(batch.size());
    for (Object element : batch) {
      boolean keep;
      try {
        keep = predicate.test(element);
      } catch (RuntimeException e) {
        throw UserFunctions.failed("Filter", element, e);
      }
      if (keep) {
        kept.add(element);
      }
    }
    if (!kept.isEmpty()) {
      out.accept(kept);
    }
  }

  @Override
  public void finish(Consumer<List<Object>> out) {}

  @Override
  public void close() {}
}
