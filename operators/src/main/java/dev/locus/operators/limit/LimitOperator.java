package dev.locus.operators.limit;

import static java.util.Objects.requireNonNull;

import dev.locus.core.batch.Batches;
import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.operators.Operator;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Skips the first {@code offset} rows of its input, then passes at most {@code count} rows
 * (streaming). Whole batches inside the window pass through untouched; batches that straddle its
 * edges are sliced; everything else is closed. Once {@code count} rows have passed, {@link
 * #isSatisfied()} tells the driver that it may stop pulling input.
 */
public final class LimitOperator implements Operator<VectorSchemaRoot, VectorSchemaRoot> {
  private final BufferAllocator allocator;
  private long toSkip;
  private long remaining;

  public LimitOperator(long offset, long count, BufferAllocator allocator) {
    this.allocator = requireNonNull(allocator, "allocator is null");
    if (offset < 0 || count < 0) {
      throw new LocusException(
          ErrorCode.INVALID_ARGUMENT,
          "Limit offset and count must be non-negative; found offset "
              + offset
              + ", count "
              + count);
    }
    this.toSkip = offset;
    this.remaining = count;
  }

  @Override
  public void push(VectorSchemaRoot batch, Consumer<VectorSchemaRoot> out) {
    requireNonNull(batch, "batch is null");
    int rows = batch.getRowCount();
    int skip = (int) Math.min(toSkip, rows);
    int take = (int) Math.min(remaining, rows - skip);
    toSkip -= skip;
    if (take == 0) {
      batch.close();
      return;
    }
    remaining -= take;
    if (take == rows) {
      out.accept(batch);
      return;
    }
    VectorSchemaRoot slice;
    try {
      slice = Batches.slice(batch, skip, take, allocator);
    } finally {
      batch.close();
    }
    out.accept(slice);
  }

  @Override
  public void finish(Consumer<VectorSchemaRoot> out) {}

  /** Whether {@code count} rows have passed: later input would be dropped. */
  public boolean isSatisfied() {
    return remaining == 0;
  }

  @Override
  public boolean needsNoMoreInput() {
    return isSatisfied();
  }

  @Override
  public void close() {}
}
