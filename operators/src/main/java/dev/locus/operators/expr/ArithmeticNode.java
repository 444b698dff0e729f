package dev.locus.operators.expr;

import dev.locus.core.expr.ScalarFunction;
import dev.locus.core.type.DataType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import org.apache.arrow.vector.FieldVector;

/**
 * {@code + - * / %} on INT, BIGINT, DOUBLE and DECIMAL. Integers fail on overflow, every kind fails
 * on division by zero; decimals are exact, computed on unscaled longs with a BigInteger fallback
 * for rows where a long would overflow.
 */
final class ArithmeticNode extends Node {
  private final ScalarFunction function;
  private final Node left;
  private final Node right;
  private final String text;
  private final int leftScale;
  private final int rightScale;
  private final long limit;
  private final BigInteger bigLimit;

  /**
   * DECIMAL {@code + - *} whose result can overflow neither a long nor its precision, by the bounds
   * of the operand precisions ({@code |x| < 10^p}): computed for every row without checks.
   */
  private final boolean unchecked;

  /** Whether every value of an operand fits a long (DECIMAL(p) with p at most 18). */
  private final boolean leftFits;

  private final boolean rightFits;

  ArithmeticNode(ScalarFunction function, Node left, Node right, DataType type, String text) {
    super(type);
    this.function = function;
    this.left = left;
    this.right = right;
    this.text = text;
    this.leftScale = left.type.scale();
    this.rightScale = right.type.scale();
    this.limit = DecimalMath.limit(type.precision());
    this.bigLimit = type.isDecimal() ? DecimalMath.bigLimit(type.precision()) : null;
    this.leftFits = fitsLong(left.type);
    this.rightFits = fitsLong(right.type);
    this.unchecked = cannotOverflow(function, left.type, right.type, type);
  }

  private static boolean fitsLong(DataType type) {
    return type.isDecimal() && type.precision() <= DecimalMath.LONG_DIGITS;
  }

  /**
   * Whether {@code x op y} always fits {@code result} and the unchecked loop: a sum or difference
   * at one scale has at most one digit more than the longer operand and must fit a long; a product
   * has at most the digits of both, and of operands that fit longs is exact in 128 bits.
   */
  static boolean cannotOverflow(ScalarFunction function, DataType x, DataType y, DataType result) {
    if (!x.isDecimal() || !y.isDecimal() || !result.isDecimal()) {
      return false;
    }
    int digits;
    if ((function == ScalarFunction.ADD || function == ScalarFunction.SUBTRACT)
        && x.scale() == result.scale()
        && y.scale() == result.scale()) {
      digits = Math.max(x.precision(), y.precision()) + 1;
    } else if (function == ScalarFunction.MULTIPLY
        && x.scale() + y.scale() == result.scale()
        && fitsLong(x)
        && fitsLong(y)) {
      // The product of two longs is exact in 128 bits (Math.multiplyHigh gives the high word).
      return x.precision() + y.precision() <= result.precision();
    } else {
      return false;
    }
    return digits <= DecimalMath.LONG_DIGITS && digits <= result.precision();
  }

  @Override
  Operand evaluate(EvalContext context, long[] mask) {
    try (Operand a = left.evaluate(context, mask);
        Operand b = right.evaluate(context, mask)) {
      int rows = context.rowCount;
      long[] valid = Bitmaps.validity(a, rows);
      Bitmaps.and(valid, Bitmaps.validity(b, rows));
      Bitmaps.and(valid, mask);
      FieldVector out = Results.allocate(type, context.allocator, rows);
      try {
        switch (type.kind()) {
          case INT -> ints(a, b, valid, Memory.address(out.getDataBuffer()));
          case BIGINT -> longs(a, b, valid, Memory.address(out.getDataBuffer()));
          case DOUBLE -> doubles(a, b, valid, Memory.address(out.getDataBuffer()), rows);
          default -> {
            if (unchecked) {
              decimalsUnchecked(a, b, Memory.address(out.getDataBuffer()), rows);
            } else {
              decimals(a, b, valid, Memory.address(out.getDataBuffer()));
            }
          }
        }
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
  private void ints(Operand a, Operand b, long[] valid, long out) {
    long x = Memory.address(a.vector.getDataBuffer());
    long y = Memory.address(b.vector.getDataBuffer());
    int xm = a.rowMask;
    int ym = b.rowMask;
    for (int i = Bitmaps.next(valid, 0); i >= 0; i = Bitmaps.next(valid, i + 1)) {
      int xv = Memory.getInt(x + ((long) (i & xm) << 2));
      int yv = Memory.getInt(y + ((long) (i & ym) << 2));
      long result =
          switch (function) {
            case ADD -> (long) xv + yv;
            case SUBTRACT -> (long) xv - yv;
            case MULTIPLY -> (long) xv * yv;
            case DIVIDE -> (long) xv / nonZero(yv);
            default -> xv % nonZero(yv);
          };
      if (result != (int) result) {
        throw Errors.integerOverflow(xv + " " + function.symbol() + " " + yv, type, text);
      }
      Memory.putInt(out + ((long) i << 2), (int) result);
    }
  }

  // hot path
  private void longs(Operand a, Operand b, long[] valid, long out) {
    long x = Memory.address(a.vector.getDataBuffer());
    long y = Memory.address(b.vector.getDataBuffer());
    int xm = a.rowMask;
    int ym = b.rowMask;
    for (int i = Bitmaps.next(valid, 0); i >= 0; i = Bitmaps.next(valid, i + 1)) {
      long xv = Memory.getLong(x + ((long) (i & xm) << 3));
      long yv = Memory.getLong(y + ((long) (i & ym) << 3));
      long result;
      try {
        result =
            switch (function) {
              case ADD -> Math.addExact(xv, yv);
              case SUBTRACT -> Math.subtractExact(xv, yv);
              case MULTIPLY -> Math.multiplyExact(xv, yv);
              case DIVIDE -> xv == Long.MIN_VALUE && yv == -1 ? overflow() : xv / nonZero(yv);
              default -> xv % nonZero(yv);
            };
      } catch (ArithmeticException e) {
        throw Errors.integerOverflow(xv + " " + function.symbol() + " " + yv, type, text);
      }
      Memory.putLong(out + ((long) i << 3), result);
    }
  }

  // hot path
  private void doubles(Operand a, Operand b, long[] valid, long out, int rows) {
    long x = Memory.address(a.vector.getDataBuffer());
    long y = Memory.address(b.vector.getDataBuffer());
    int xm = a.rowMask;
    int ym = b.rowMask;
    if (function == ScalarFunction.DIVIDE || function == ScalarFunction.MODULO) {
      boolean divide = function == ScalarFunction.DIVIDE;
      for (int i = Bitmaps.next(valid, 0); i >= 0; i = Bitmaps.next(valid, i + 1)) {
        double xv = Memory.getDouble(x + ((long) (i & xm) << 3));
        double yv = Memory.getDouble(y + ((long) (i & ym) << 3));
        if (yv == 0) {
          throw Errors.divisionByZero(text);
        }
        Memory.putDouble(out + ((long) i << 3), divide ? xv / yv : xv % yv);
      }
      return;
    }
    // No failure is possible: compute every row, the validity hides the nulls.
    for (int i = 0; i < rows; i++) {
      double xv = Memory.getDouble(x + ((long) (i & xm) << 3));
      double yv = Memory.getDouble(y + ((long) (i & ym) << 3));
      double result =
          switch (function) {
            case ADD -> xv + yv;
            case SUBTRACT -> xv - yv;
            default -> xv * yv;
          };
      Memory.putDouble(out + ((long) i << 3), result);
    }
  }

  /**
   * Every row, NULL or not, without checks (see {@link #unchecked}); values under NULLs are
   * meaningless and hidden by the validity.
   */
  // hot path
  private void decimalsUnchecked(Operand a, Operand b, long out, int rows) {
    long x = Memory.address(a.vector.getDataBuffer());
    long y = Memory.address(b.vector.getDataBuffer());
    int xm = a.rowMask;
    int ym = b.rowMask;
    switch (function) {
      case ADD -> {
        for (int i = 0; i < rows; i++) {
          long r =
              Memory.getLong(x + ((long) (i & xm) << 4))
                  + Memory.getLong(y + ((long) (i & ym) << 4));
          Memory.putLong(out + ((long) i << 4), r);
          Memory.putLong(out + ((long) i << 4) + 8, r >> 63);
        }
      }
      case SUBTRACT -> {
        for (int i = 0; i < rows; i++) {
          long r =
              Memory.getLong(x + ((long) (i & xm) << 4))
                  - Memory.getLong(y + ((long) (i & ym) << 4));
          Memory.putLong(out + ((long) i << 4), r);
          Memory.putLong(out + ((long) i << 4) + 8, r >> 63);
        }
      }
      default -> {
        for (int i = 0; i < rows; i++) {
          long xv = Memory.getLong(x + ((long) (i & xm) << 4));
          long yv = Memory.getLong(y + ((long) (i & ym) << 4));
          Memory.putLong(out + ((long) i << 4), xv * yv);
          Memory.putLong(out + ((long) i << 4) + 8, Math.multiplyHigh(xv, yv));
        }
      }
    }
  }

  // hot path
  private void decimals(Operand a, Operand b, long[] valid, long out) {
    long x = Memory.address(a.vector.getDataBuffer());
    long y = Memory.address(b.vector.getDataBuffer());
    int xm = a.rowMask;
    int ym = b.rowMask;
    boolean dense =
        function == ScalarFunction.ADD
            || function == ScalarFunction.SUBTRACT
            || function == ScalarFunction.MULTIPLY;
    for (int w = 0; w < valid.length; w++) {
      long rows = valid[w];
      int base = w << 6;
      if (dense && rows == -1L) {
        // 64 rows without NULLs: a branch-free loop; rows it cannot finish go the exact way.
        rows =
            switch (function) {
              case ADD -> addDense(x, xm, y, ym, out, base, limit, leftFits, rightFits);
              case SUBTRACT -> subtractDense(x, xm, y, ym, out, base, limit, leftFits, rightFits);
              default -> multiplyDense(x, xm, y, ym, out, base, limit, leftFits, rightFits);
            };
      }
      while (rows != 0) {
        int i = base + Long.numberOfTrailingZeros(rows);
        rows &= rows - 1;
        decimalRow(x, xm, y, ym, out, i);
      }
    }
  }

  /**
   * Adds 64 rows from {@code base} whose values fit longs; returns the rows (as bits) that did not
   * fit or overflowed {@code limit}, which the caller redoes exactly. The high words of an operand
   * that fits a long by its precision ({@code xFits}, {@code yFits}) are not read.
   */
  // hot path
  private static long addDense(
      long x,
      int xm,
      long y,
      int ym,
      long out,
      int base,
      long limit,
      boolean xFits,
      boolean yFits) {
    long failed = 0;
    for (int j = 0; j < 64; j++) {
      int i = base + j;
      long xo = x + ((long) (i & xm) << 4);
      long yo = y + ((long) (i & ym) << 4);
      long xl = Memory.getLong(xo);
      long yl = Memory.getLong(yo);
      long r = xl + yl;
      boolean ok =
          ((xl ^ r) & (yl ^ r)) >= 0
              & (xFits || Memory.getLong(xo + 8) == (xl >> 63))
              & (yFits || Memory.getLong(yo + 8) == (yl >> 63))
              & r < limit
              & r > -limit;
      long o = out + ((long) i << 4);
      Memory.putLong(o, r);
      Memory.putLong(o + 8, r >> 63);
      failed |= (ok ? 0L : 1L) << j;
    }
    return failed;
  }

  // hot path
  private static long subtractDense(
      long x,
      int xm,
      long y,
      int ym,
      long out,
      int base,
      long limit,
      boolean xFits,
      boolean yFits) {
    long failed = 0;
    for (int j = 0; j < 64; j++) {
      int i = base + j;
      long xo = x + ((long) (i & xm) << 4);
      long yo = y + ((long) (i & ym) << 4);
      long xl = Memory.getLong(xo);
      long yl = Memory.getLong(yo);
      long r = xl - yl;
      boolean ok =
          ((xl ^ yl) & (xl ^ r)) >= 0
              & (xFits || Memory.getLong(xo + 8) == (xl >> 63))
              & (yFits || Memory.getLong(yo + 8) == (yl >> 63))
              & r < limit
              & r > -limit;
      long o = out + ((long) i << 4);
      Memory.putLong(o, r);
      Memory.putLong(o + 8, r >> 63);
      failed |= (ok ? 0L : 1L) << j;
    }
    return failed;
  }

  // hot path
  private static long multiplyDense(
      long x,
      int xm,
      long y,
      int ym,
      long out,
      int base,
      long limit,
      boolean xFits,
      boolean yFits) {
    long failed = 0;
    for (int j = 0; j < 64; j++) {
      int i = base + j;
      long xo = x + ((long) (i & xm) << 4);
      long yo = y + ((long) (i & ym) << 4);
      long xl = Memory.getLong(xo);
      long yl = Memory.getLong(yo);
      long r = xl * yl;
      boolean ok =
          Math.multiplyHigh(xl, yl) == (r >> 63)
              & (xFits || Memory.getLong(xo + 8) == (xl >> 63))
              & (yFits || Memory.getLong(yo + 8) == (yl >> 63))
              & r < limit
              & r > -limit;
      long o = out + ((long) i << 4);
      Memory.putLong(o, r);
      Memory.putLong(o + 8, r >> 63);
      failed |= (ok ? 0L : 1L) << j;
    }
    return failed;
  }

  /** One row of decimal arithmetic, exact: a long when it fits, else BigInteger; may fail. */
  private void decimalRow(long x, int xm, long y, int ym, long out, int i) {
    int scale = type.scale();
    long xo = (long) (i & xm) << 4;
    long yo = (long) (i & ym) << 4;
    long xl = Memory.getLong(x + (xo));
    long xh = Memory.getLong(x + (xo + 8));
    long yl = Memory.getLong(y + (yo));
    long yh = Memory.getLong(y + (yo + 8));
    long result = DecimalMath.SLOW;
    if (DecimalMath.fits(xl, xh) && DecimalMath.fits(yl, yh)) {
      switch (function) {
        case ADD -> {
          long sum = xl + yl;
          if (((xl ^ sum) & (yl ^ sum)) >= 0) {
            result = sum;
          }
        }
        case SUBTRACT -> {
          long difference = xl - yl;
          if (((xl ^ yl) & (xl ^ difference)) >= 0) {
            result = difference;
          }
        }
        case MULTIPLY -> {
          long high = Math.multiplyHigh(xl, yl);
          long low = xl * yl;
          if (high == (low >> 63)) {
            result = low;
          }
        }
        case DIVIDE -> result = DecimalMath.divide(xl, leftScale, nonZero(yl), rightScale, scale);
        default -> result = xl % nonZero(yl);
      }
    }
    if (result == DecimalMath.SLOW) {
      BigInteger exact = slow(DecimalMath.toBigInteger(xl, xh), DecimalMath.toBigInteger(yl, yh));
      if (exact.abs().compareTo(bigLimit) >= 0) {
        throw Errors.decimalOverflow(DecimalMath.plain(exact, scale), type, text);
      }
      DecimalMath.write(out, i, exact);
    } else {
      if (result >= limit || result <= -limit) {
        throw Errors.decimalOverflow(DecimalMath.plain(result, scale), type, text);
      }
      DecimalMath.write(out, i, result);
    }
  }

  private BigInteger slow(BigInteger x, BigInteger y) {
    return switch (function) {
      case ADD -> x.add(y);
      case SUBTRACT -> x.subtract(y);
      case MULTIPLY -> x.multiply(y);
      case DIVIDE -> {
        if (y.signum() == 0) {
          throw Errors.divisionByZero(text);
        }
        yield new BigDecimal(x, leftScale)
            .divide(new BigDecimal(y, rightScale), type.scale(), RoundingMode.HALF_UP)
            .unscaledValue();
      }
      default -> {
        if (y.signum() == 0) {
          throw Errors.divisionByZero(text);
        }
        yield x.remainder(y);
      }
    };
  }

  private int nonZero(int value) {
    if (value == 0) {
      throw Errors.divisionByZero(text);
    }
    return value;
  }

  private long nonZero(long value) {
    if (value == 0) {
      throw Errors.divisionByZero(text);
    }
    return value;
  }

  private static long overflow() {
    throw new ArithmeticException("long overflow");
  }
}
