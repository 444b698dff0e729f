package dev.locus.operators.objects;

import dev.locus.operators.Operator;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Skips {@code offset} objects, then passes on at most {@code count}, in arrival order. */
public final class LimitObjectsOperator implements Operator<List<Object>, List<Object>> {
  private long toSkip;
  private long remaining;

  public LimitObjectsOperator(long offset, long count) {
    if (offset < 0 || count < 0) {
      throw new IllegalArgumentException(
          "Limit offset and count must be non-negative; found offset "
              + offset
              + ", count "
              + count);
    }
    this.toSkip = offset;
    this.remaining = count;
  }

  @Override
  public void push(List<Object> batch, Consumer<List<Object>> out) {
    int start = (int) Math.min(toSkip, batch.size());
    toSkip -= start;
    int end = (int) Math.min(batch.size(), start + remaining);
    if (end <= start) {
      return;
    }
    remaining -= end - start;
    out.accept(
        start == 0 && end == batch.size() ? batch : new ArrayList<>(batch.subList(start, end)));
  }

  @Override
  public void finish(Consumer<List<Object>> out) {}

  @Override
  public void close() {}

  @Override
  public boolean needsNoMoreInput() {
    return remaining == 0;
  }
}
