package dev.locus.operators.expr;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.type.DataType;
import java.util.List;
import org.apache.arrow.vector.FieldVector;

/** An input column, borrowed from the batch. */
final class InputRefNode extends Node {
  final int index;
  private final String name;

  InputRefNode(int index, DataType type, String name) {
    super(type);
    this.index = index;
    this.name = name;
  }

  @Override
  Operand evaluate(EvalContext context, long[] mask) {
    List<FieldVector> vectors = context.input.getFieldVectors();
    if (index >= vectors.size()) {
      throw new LocusException(
          ErrorCode.INTERNAL_ERROR,
          "Column "
              + index
              + " ('"
              + name
              + "') is missing from a batch of "
              + vectors.size()
              + " columns: "
              + context.input.getSchema());
    }
    return Operand.borrowed(vectors.get(index));
  }
}
