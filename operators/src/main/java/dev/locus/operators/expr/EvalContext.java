package dev.locus.operators.expr;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/** The batch being evaluated and where result vectors are allocated. One per evaluation. */
final class EvalContext implements AutoCloseable {
  final VectorSchemaRoot input;
  final BufferAllocator allocator;
  final int rowCount;

  /** Per shared subexpression ({@link SharedNode}): its value over every row, once computed. */
  final FieldVector[] shared;

  EvalContext(VectorSchemaRoot input, BufferAllocator allocator) {
    this(input, allocator, 0);
  }

  EvalContext(VectorSchemaRoot input, BufferAllocator allocator, int sharedCount) {
    this.input = input;
    this.allocator = allocator;
    this.rowCount = input.getRowCount();
    this.shared = new FieldVector[sharedCount];
  }

  /** Releases the shared values (results handed out hold their own references). */
  @Override
  public void close() {
    for (int i = 0; i < shared.length; i++) {
      if (shared[i] != null) {
        shared[i].close();
        shared[i] = null;
      }
    }
  }
}
