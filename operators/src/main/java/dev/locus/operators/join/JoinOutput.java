package dev.locus.operators.join;

import dev.locus.core.batch.Batches;
import dev.locus.core.plan.JoinType;
import dev.locus.core.type.Schema;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/** Builds join output batches column-at-a-time from (left row, right row) index pairs. */
final class JoinOutput {
  private JoinOutput() {}

  /** The output schema of a join: as {@code Join.schema()}. */
  static Schema schema(JoinType type, Schema left, Schema right) {
    return switch (type) {
      case INNER -> left.concat(right);
      case LEFT -> left.concat(right.asNullable());
      case RIGHT -> left.asNullable().concat(right);
      case FULL -> left.asNullable().concat(right.asNullable());
      case SEMI, ANTI -> left;
    };
  }

  /**
   * A new batch of {@code schema} whose row i is {@code left[leftRows[i]]} followed by {@code
   * right[rightRows[i]]} (when {@code right} is not null); a negative index makes that side NULL.
   */
  static VectorSchemaRoot assemble(
      VectorSchemaRoot left,
      int[] leftRows,
      VectorSchemaRoot right,
      int[] rightRows,
      int count,
      org.apache.arrow.vector.types.pojo.Schema schema,
      BufferAllocator allocator) {
    VectorSchemaRoot target = VectorSchemaRoot.create(schema, allocator);
    try {
      List<FieldVector> targets = target.getFieldVectors();
      List<FieldVector> leftVectors = left.getFieldVectors();
      for (int column = 0; column < leftVectors.size(); column++) {
        Batches.gather(leftVectors.get(column), leftRows, count, targets.get(column));
      }
      if (right != null) {
        List<FieldVector> rightVectors = right.getFieldVectors();
        int offset = leftVectors.size();
        for (int column = 0; column < rightVectors.size(); column++) {
          Batches.gather(rightVectors.get(column), rightRows, count, targets.get(offset + column));
        }
      }
      target.setRowCount(count);
      return target;
    } catch (RuntimeException e) {
      target.close();
      throw e;
    }
  }
}
