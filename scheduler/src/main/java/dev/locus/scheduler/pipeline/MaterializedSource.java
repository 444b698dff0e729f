package dev.locus.scheduler.pipeline;

import dev.locus.core.batch.Batches;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Batches an earlier stage produced (one shuffle bucket, one partition's output), handed on once.
 * Whatever is not handed on, because the consumer failed or the source was discarded, is closed.
 */
public final class MaterializedSource implements BatchSource {
  private final List<Object> batches;
  private int next;

  public MaterializedSource(List<Object> batches) {
    this.batches = new ArrayList<>(batches);
  }

  @Override
  public void produce(Consumer<Object> out) {
    try {
      while (next < batches.size()) {
        Object batch = batches.get(next);
        batches.set(next, null);
        next++;
        out.accept(batch);
      }
    } finally {
      discard();
    }
  }

  @Override
  public void discard() {
    List<AutoCloseable> rest = new ArrayList<>();
    for (int i = next; i < batches.size(); i++) {
      if (batches.get(i) instanceof AutoCloseable closeable) {
        rest.add(closeable);
      }
      batches.set(i, null);
    }
    next = batches.size();
    Batches.closeAll(rest);
  }
}
