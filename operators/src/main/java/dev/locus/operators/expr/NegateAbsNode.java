package dev.locus.operators.expr;

import java.math.BigInteger;
import org.apache.arrow.vector.FieldVector;

/** {@code -x} and {@code ABS(x)} on INT, BIGINT, DOUBLE and DECIMAL. */
final class NegateAbsNode extends Node {
  private final boolean negate;
  private final Node argument;
  private final String text;

  NegateAbsNode(boolean negate, Node argument, String text) {
    super(argument.type);
    this.negate = negate;
    this.argument = argument;
    this.text = text;
  }

  @Override
  Operand evaluate(EvalContext context, long[] mask) {
    try (Operand a = argument.evaluate(context, mask)) {
      int rows = context.rowCount;
      long[] valid = Bitmaps.validity(a, rows);
      FieldVector out = Results.allocate(type, context.allocator, rows);
      try {
        compute(a, valid, Memory.address(out.getDataBuffer()), rows);
        Bitmaps.write(out.getValidityBuffer(), valid);
        out.setValueCount(rows);
        return Operand.owned(out);
      } catch (RuntimeException e) {
        out.close();
        throw e;
      }
    }
  }

  // hot path
  private void compute(Operand a, long[] valid, long out, int rows) {
    long x = Memory.address(a.vector.getDataBuffer());
    int m = a.rowMask;
    switch (type.kind()) {
      case INT -> {
        for (int i = Bitmaps.next(valid, 0); i >= 0; i = Bitmaps.next(valid, i + 1)) {
          int v = Memory.getInt(x + ((long) (i & m) << 2));
          if (v == Integer.MIN_VALUE) {
            throw Errors.integerOverflow(describe(Integer.toString(v)), type, text);
          }
          Memory.putInt(out + ((long) i << 2), negate ? -v : Math.abs(v));
        }
      }
      case BIGINT -> {
        for (int i = Bitmaps.next(valid, 0); i >= 0; i = Bitmaps.next(valid, i + 1)) {
          long v = Memory.getLong(x + ((long) (i & m) << 3));
          if (v == Long.MIN_VALUE) {
            throw Errors.integerOverflow(describe(Long.toString(v)), type, text);
          }
          Memory.putLong(out + ((long) i << 3), negate ? -v : Math.abs(v));
        }
      }
      case DOUBLE -> {
        for (int i = 0; i < rows; i++) {
          double v = Memory.getDouble(x + ((long) (i & m) << 3));
          Memory.putDouble(out + ((long) i << 3), negate ? -v : Math.abs(v));
        }
      }
      default -> {
        for (int i = Bitmaps.next(valid, 0); i >= 0; i = Bitmaps.next(valid, i + 1)) {
          long offset = (long) (i & m) << 4;
          long low = Memory.getLong(x + (offset));
          long high = Memory.getLong(x + (offset + 8));
          if (DecimalMath.fits(low, high) && low != Long.MIN_VALUE) {
            DecimalMath.write(out, i, negate ? -low : Math.abs(low));
          } else {
            BigInteger value = DecimalMath.toBigInteger(low, high);
            DecimalMath.write(out, i, negate ? value.negate() : value.abs());
          }
        }
      }
    }
  }

  private String describe(String value) {
    return negate ? "-(" + value + ")" : "ABS(" + value + ")";
  }
}
