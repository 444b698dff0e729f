package dev.locus.operators.expr;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.type.DataType;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.Types;

/** An input column, borrowed from the batch. */
final class InputRefNode extends Node {
  final int index;
  private final String name;
  private final Types.MinorType minorType;

  InputRefNode(int index, DataType type, String name) {
    super(type);
    this.index = index;
    this.name = name;
    this.minorType = Types.getMinorTypeForArrowType(type.toArrow());
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
    FieldVector vector = vectors.get(index);
    // The loops read memory unchecked: the vector must be of the type and size they assume.
    if (vector.getMinorType() != minorType || vector.getValueCount() < context.rowCount) {
      throw new LocusException(
          ErrorCode.INTERNAL_ERROR,
          "Column "
              + index
              + " ('"
              + name
              + "') should be a "
              + type
              + " vector of at least "
              + context.rowCount
              + " values; found "
              + vector.getField()
              + " with "
              + vector.getValueCount()
              + " values");
    }
    return Operand.borrowed(vector);
  }
}
