package dev.locus.operators.expr;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.util.TransferPair;

/**
 * The value of an evaluated node over one batch: a vector with one value per row, or a scalar (a
 * one-row vector whose value stands for every row, from a constant). Loops read row {@code i} at
 * {@code i & rowMask}, so a scalar operand costs no branch. A borrowed vector (an input column) is
 * not closed with the operand.
 */
final class Operand implements AutoCloseable {
  final FieldVector vector;
  final boolean scalar;

  /** {@code -1} for a vector, {@code 0} for a scalar: the index of row i is {@code i & rowMask}. */
  final int rowMask;

  private final boolean owned;

  private Operand(FieldVector vector, boolean scalar, boolean owned) {
    this.vector = vector;
    this.scalar = scalar;
    this.rowMask = scalar ? 0 : -1;
    this.owned = owned;
  }

  static Operand owned(FieldVector vector) {
    return new Operand(vector, false, true);
  }

  static Operand borrowed(FieldVector vector) {
    return new Operand(vector, false, false);
  }

  /** A one-row vector standing for every row; owned. */
  static Operand scalar(FieldVector vector) {
    return new Operand(vector, true, true);
  }

  boolean isNull(int row) {
    return vector.isNull(row & rowMask);
  }

  /**
   * A vector of {@code rowCount} values the caller owns, leaving this operand empty: an owned
   * vector as is, a borrowed one as a zero-copy slice that shares (and retains) its buffers, a
   * scalar repeated.
   */
  FieldVector release(EvalContext context) {
    if (scalar) {
      try {
        return Results.repeat(this, context);
      } finally {
        vector.close();
      }
    }
    if (owned) {
      return vector;
    }
    BufferAllocator allocator = context.allocator;
    TransferPair pair = vector.getTransferPair(allocator);
    pair.splitAndTransfer(0, context.rowCount);
    return (FieldVector) pair.getTo();
  }

  @Override
  public void close() {
    if (owned) {
      vector.close();
    }
  }
}
