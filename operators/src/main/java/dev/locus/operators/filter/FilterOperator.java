package dev.locus.operators.filter;

import static java.util.Objects.requireNonNull;

import dev.locus.core.batch.Batches;
import dev.locus.core.batch.UnsafeMemory;
import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.expr.ExpressionFormatter;
import dev.locus.core.expr.RowExpression;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Schema;
import dev.locus.operators.Operator;
import dev.locus.operators.expr.ExpressionEvaluator;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Keeps the rows of each batch whose condition is TRUE (not FALSE, not NULL). A batch whose rows
 * all pass goes on unchanged; one where none pass is dropped; otherwise the passing rows are
 * gathered into a new batch.
 */
public final class FilterOperator implements Operator<VectorSchemaRoot, VectorSchemaRoot> {
  private final ExpressionEvaluator condition;
  private final BufferAllocator allocator;
  private int[] selection = new int[0];

  public FilterOperator(RowExpression condition, Schema inputSchema, BufferAllocator allocator) {
    requireNonNull(condition, "condition is null");
    requireNonNull(inputSchema, "inputSchema is null");
    this.allocator = requireNonNull(allocator, "allocator is null");
    if (condition.type().kind() != DataType.Kind.BOOLEAN) {
      throw new LocusException(
          ErrorCode.TYPE_MISMATCH,
          "Filter condition must be BOOLEAN; found "
              + condition.type()
              + " in "
              + ExpressionFormatter.format(condition, inputSchema));
    }
    this.condition = ExpressionEvaluator.compile(condition, inputSchema);
  }

  @Override
  public void push(VectorSchemaRoot batch, Consumer<VectorSchemaRoot> out) {
    VectorSchemaRoot result;
    try {
      int rows = batch.getRowCount();
      int count = rows == 0 ? 0 : select(batch, rows);
      if (count == rows && rows > 0) {
        result = batch;
        batch = null;
      } else if (count == 0) {
        result = null;
      } else {
        result = Batches.gather(batch, selection, count, allocator);
      }
    } finally {
      if (batch != null) {
        batch.close();
      }
    }
    if (result != null) {
      out.accept(result);
    }
  }

  /** Fills {@link #selection} with the rows where the condition is TRUE; returns their count. */
  // hot path
  private int select(VectorSchemaRoot batch, int rows) {
    try (FieldVector result = condition.evaluate(batch, allocator)) {
      if (result.getValueCount() < rows) {
        throw new LocusException(
            ErrorCode.INTERNAL_ERROR,
            "Filter condition must give a value for each of the "
                + rows
                + " rows; found "
                + result.getValueCount());
      }
      // TRUE is valid and set: the AND of the two bitmaps, 64 rows at a time.
      long validity = UnsafeMemory.address(result.getValidityBuffer());
      long values = UnsafeMemory.address(result.getDataBuffer());
      if (selection.length < rows) {
        selection = new int[Math.max(rows, selection.length * 2)];
      }
      int[] rowsOut = selection;
      int count = 0;
      int fullWords = rows >>> 6;
      for (int w = 0; w < fullWords; w++) {
        long bits = UnsafeMemory.getWord(validity, w) & UnsafeMemory.getWord(values, w);
        int base = w << 6;
        if (Long.bitCount(bits) >= 16) {
          // Dense word: write every row, advance past the TRUE ones (no branch per row).
          for (int k = 0; k < 64; k++) {
            rowsOut[count] = base + k;
            count += (int) (bits >>> k) & 1;
          }
        } else {
          while (bits != 0) {
            rowsOut[count++] = base + Long.numberOfTrailingZeros(bits);
            bits &= bits - 1;
          }
        }
      }
      // The last rows byte by byte: the bitmaps may end before a whole word.
      for (int row = fullWords << 6; row < rows; row++) {
        if ((UnsafeMemory.getBit(validity, row) & UnsafeMemory.getBit(values, row)) != 0) {
          rowsOut[count++] = row;
        }
      }
      return count;
    }
  }

  @Override
  public void finish(Consumer<VectorSchemaRoot> out) {}

  @Override
  public void close() {}
}
