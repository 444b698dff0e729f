package dev.locus.operators.objects;

import static java.util.Objects.requireNonNull;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.operators.Operator;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Applies a user function returning an {@link Iterable} to each object and emits the iterables'
 * elements in order, in batches of at most {@code batchSize} objects.
 */
public final class FlatMapObjectsOperator implements Operator<List<Object>, List<Object>> {
  private final Function<Object, ? extends Iterable<?>> function;
  private final int batchSize;

  public FlatMapObjectsOperator(Function<Object, ? extends Iterable<?>> function, int batchSize) {
    this.function = requireNonNull(function, "function is null");
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be at least 1; found " + batchSize);
    }
    this.batchSize = batchSize;
  }

  @Override
  public void push(List<Object> batch, Consumer<List<Object>> out) {
    List<Object> output = new ArrayList<>(Math.min(batchSize, batch.size() * 2));
    for (Object element : batch) {
      Iterable<?> results;
      Iterator<?> iterator;
      try {
        results = function.apply(element);
        iterator = results == null ? null : results.iterator();
      } catch (RuntimeException e) {
        throw UserFunctions.failed("FlatMap", element, e);
      }
      if (iterator == null) {
        throw new LocusException(
            ErrorCode.USER_FUNCTION_FAILED,
            "User function in FlatMap returned null for element "
                + UserFunctions.quote(element)
                + "; return an empty collection instead");
      }
      while (true) {
        Object result;
        // Iterating runs user code too (a lazy Iterable); emitting runs ours.
        try {
          if (!iterator.hasNext()) {
            break;
          }
          result = iterator.next();
        } catch (RuntimeException e) {
          throw UserFunctions.failed("FlatMap", element, e);
        }
        output.add(result);
        if (output.size() == batchSize) {
          out.accept(output);
          output = new ArrayList<>(batchSize);
        }
      }
    }
    if (!output.isEmpty()) {
      out.accept(output);
    }
  }

  @Override
  public void finish(Consumer<List<Object>> out) {}

  @Override
  public void close() {}
}
