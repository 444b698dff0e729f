package dev.locus.operators.expr;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/** The batch being evaluated and where result vectors are allocated. One per evaluation. */
final class EvalContext {
  final VectorSchemaRoot input;
  final BufferAllocator allocator;
  final int rowCount;

  EvalContext(VectorSchemaRoot input, BufferAllocator allocator) {
    this.input = input;
    this.allocator = allocator;
    this.rowCount = input.getRowCount();
  }
}
