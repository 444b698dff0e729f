package dev.locus.operators.expr;

import dev.locus.core.batch.Vectors;
import dev.locus.core.expr.Constant;
import org.apache.arrow.vector.FieldVector;

/** A constant: a one-row scalar operand. */
final class ConstantNode extends Node {
  final Object value;

  ConstantNode(Constant constant) {
    super(constant.type());
    this.value = constant.value();
  }

  @Override
  Operand evaluate(EvalContext context, long[] mask) {
    FieldVector vector = Results.allocate(type, context.allocator, 1);
    try {
      Vectors.setObject(vector, 0, value);
      vector.setValueCount(1);
      return Operand.scalar(vector);
    } catch (RuntimeException e) {
      vector.close();
      throw e;
    }
  }
}
