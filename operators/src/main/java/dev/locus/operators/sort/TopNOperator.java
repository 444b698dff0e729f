package dev.locus.operators.sort;

import static java.util.Objects.requireNonNull;

import dev.locus.core.batch.Batches;
import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.plan.SortKey;
import dev.locus.core.type.Schema;
import dev.locus.operators.Operator;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The first {@code count} rows in the order of the keys (ORDER BY ... LIMIT count), in bounded
 * memory: input batches are buffered, and whenever the buffer holds more than {@code max(2 * count,
 * }{@link Batches#DEFAULT_BATCH_SIZE}{@code )} rows it is sorted and compacted to its best {@code
 * count} rows. At {@link #finish} the survivors are emitted sorted, in batches of at most {@link
 * Batches#DEFAULT_BATCH_SIZE} rows. Ties at the boundary are broken arbitrarily.
 */
public final class TopNOperator implements Operator<VectorSchemaRoot, VectorSchemaRoot> {
  private final List<SortKey> keys;
  private final long count;
  private final Schema schema;
  private final BufferAllocator allocator;
  private final long compactionThreshold;
  private List<VectorSchemaRoot> buffer = new ArrayList<>();
  private long bufferedRows;
  private boolean finished;

  public TopNOperator(List<SortKey> keys, long count, Schema schema, BufferAllocator allocator) {
    this.keys = List.copyOf(requireNonNull(keys, "keys is null"));
    this.schema = requireNonNull(schema, "schema is null");
    this.allocator = requireNonNull(allocator, "allocator is null");
    if (count < 0) {
      throw new LocusException(
          ErrorCode.INVALID_ARGUMENT, "TopN count must be non-negative; found " + count);
    }
    RowComparator.checkKeys(this.keys, schema, "TopN");
    this.count = count;
    long twice = count > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : 2 * count;
    this.compactionThreshold = Math.max(twice, Batches.DEFAULT_BATCH_SIZE);
  }

  @Override
  public void push(VectorSchemaRoot batch, Consumer<VectorSchemaRoot> out) {
    requireNonNull(batch, "batch is null");
    if (finished) {
      batch.close();
      throw new LocusException(ErrorCode.INTERNAL_ERROR, "TopN received a batch after finish");
    }
    if (count == 0 || batch.getRowCount() == 0) {
      batch.close();
      return;
    }
    buffer.add(batch);
    bufferedRows += batch.getRowCount();
    if (bufferedRows > compactionThreshold) {
      compact();
    }
  }

  /** Replaces the buffer with its best {@code count} rows. */
  private void compact() {
    long[] order = RowSorter.sort(buffer, keys, schema);
    int keep = (int) Math.min(count, order.length);
    List<VectorSchemaRoot> kept = new ArrayList<>();
    try {
      SortOperator.emit(schema, buffer, order, keep, allocator, kept::add);
    } catch (RuntimeException e) {
      Batches.closeAll(kept);
      throw e;
    }
    List<VectorSchemaRoot> old = buffer;
    buffer = kept;
    bufferedRows = keep;
    Batches.closeAll(old);
  }

  @Override
  public void finish(Consumer<VectorSchemaRoot> out) {
    if (finished) {
      throw new LocusException(ErrorCode.INTERNAL_ERROR, "TopN finished twice");
    }
    finished = true;
    try {
      long[] order = RowSorter.sort(buffer, keys, schema);
      int emitted = (int) Math.min(count, order.length);
      SortOperator.emit(schema, buffer, order, emitted, allocator, out);
    } finally {
      close();
    }
  }

  @Override
  public void close() {
    try {
      Batches.closeAll(buffer);
    } finally {
      buffer.clear();
      bufferedRows = 0;
    }
  }
}
