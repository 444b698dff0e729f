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
 * Sorts all its input (blocking): keeps every batch, and at {@link #finish} sorts row references
 * ({@link RowSorter}) and emits the rows in order, gathered column by column into batches of at
 * most {@link Batches#DEFAULT_BATCH_SIZE} rows. An empty input emits nothing. Not stable.
 */
public final class SortOperator implements Operator<VectorSchemaRoot, VectorSchemaRoot> {
  private final List<SortKey> keys;
  private final Schema schema;
  private final BufferAllocator allocator;
  private final List<VectorSchemaRoot> batches = new ArrayList<>();
  private boolean finished;

  public SortOperator(List<SortKey> keys, Schema schema, BufferAllocator allocator) {
    this.keys = List.copyOf(requireNonNull(keys, "keys is null"));
    this.schema = requireNonNull(schema, "schema is null");
    this.allocator = requireNonNull(allocator, "allocator is null");
    RowComparator.checkKeys(this.keys, schema, "Sort");
  }

  @Override
  public void push(VectorSchemaRoot batch, Consumer<VectorSchemaRoot> out) {
    requireNonNull(batch, "batch is null");
    if (finished) {
      batch.close();
      throw new LocusException(ErrorCode.INTERNAL_ERROR, "Sort received a batch after finish");
    }
    if (batch.getRowCount() == 0) {
      batch.close();
      return;
    }
    batches.add(batch);
  }

  @Override
  public void finish(Consumer<VectorSchemaRoot> out) {
    if (finished) {
      throw new LocusException(ErrorCode.INTERNAL_ERROR, "Sort finished twice");
    }
    finished = true;
    try {
      long[] order = RowSorter.sort(batches, keys, schema);
      emit(schema, batches, order, order.length, allocator, out);
    } finally {
      close();
    }
  }

  /**
   * Emits the rows {@code order[0..count)} of {@code batches} in batches of at most {@link
   * Batches#DEFAULT_BATCH_SIZE} rows.
   */
  static void emit(
      Schema schema,
      List<VectorSchemaRoot> batches,
      long[] order,
      int count,
      BufferAllocator allocator,
      Consumer<VectorSchemaRoot> out) {
    for (int start = 0; start < count; start += Batches.DEFAULT_BATCH_SIZE) {
      int size = Math.min(Batches.DEFAULT_BATCH_SIZE, count - start);
      out.accept(Batches.gather(schema, batches, order, start, size, allocator));
    }
  }

  @Override
  public void close() {
    try {
      Batches.closeAll(batches);
    } finally {
      batches.clear();
    }
  }
}
