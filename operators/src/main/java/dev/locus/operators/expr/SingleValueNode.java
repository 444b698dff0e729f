package dev.locus.operators.expr;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import org.apache.arrow.vector.BigIntVector;

/**
 * {@code SINGLE_VALUE(count, value)}: the value, after checking that no row that matters has a
 * count above 1 (a scalar subquery that yielded several rows).
 */
final class SingleValueNode extends Node {
  private final Node count;
  private final Node value;

  SingleValueNode(Node count, Node value) {
    super(value.type);
    this.count = count;
    this.value = value;
  }

  @Override
  Operand evaluate(EvalContext context, long[] mask) {
    try (Operand counts = count.evaluate(context, mask)) {
      BigIntVector vector = (BigIntVector) counts.vector;
      int rows = context.rowCount;
      for (int i = 0; i < rows; i++) {
        boolean matters = mask == null || (mask[i >>> 6] & (1L << i)) != 0;
        int index = i & counts.rowMask;
        if (matters && !vector.isNull(index) && vector.get(index) > 1) {
          throw new LocusException(
              ErrorCode.INVALID_ARGUMENT,
              "Scalar subquery returned more than one row ("
                  + vector.get(index)
                  + " rows) where one value is expected");
        }
      }
    }
    return value.evaluate(context, mask);
  }
}
