package dev.locus.operators.expr;

import dev.locus.core.expr.ScalarFunction;
import dev.locus.core.type.DataType;

/**
 * {@code = <> < <= > >=} on two operands of one type. Each row's three-way comparison {@code c} in
 * {-1, 0, 1} selects bit {@code c + 1} of a mask (LT, EQ, GT), so one loop serves all six operators
 * without a branch. VARCHAR compares UTF-8 bytes unsigned (code point order); DOUBLE treats -0.0 as
 * 0.0 and NaN as the largest value, equal to itself.
 */
final class ComparisonNode extends Node {
  private static final int LESS = 1;
  private static final int EQUAL = 2;
  private static final int GREATER = 4;

  private final Node left;
  private final Node right;
  private final int outcomes;

  ComparisonNode(ScalarFunction function, Node left, Node right) {
    super(DataType.BOOLEAN);
    this.left = left;
    this.right = right;
    this.outcomes =
        switch (function) {
          case EQUAL -> EQUAL;
          case NOT_EQUAL -> LESS | GREATER;
          case LESS_THAN -> LESS;
          case LESS_THAN_OR_EQUAL -> LESS | EQUAL;
          case GREATER_THAN -> GREATER;
          default -> GREATER | EQUAL;
        };
  }

  @Override
  Operand evaluate(EvalContext context, long[] mask) {
    try (Operand a = left.evaluate(context, mask);
        Operand b = right.evaluate(context, mask)) {
      int rows = context.rowCount;
      long[] valid = Bitmaps.validity(a, rows);
      Bitmaps.and(valid, Bitmaps.validity(b, rows));
      long[] values =
          switch (left.type.kind()) {
            case BOOLEAN -> booleans(a, b, rows);
            case INT, DATE -> ints(a, b, rows);
            case BIGINT, TIMESTAMP -> longs(a, b, rows);
            case DOUBLE -> doubles(a, b, rows);
            case DECIMAL -> decimals(a, b, rows);
            default -> strings(a, b, rows);
          };
      return Operand.owned(Results.booleans(values, valid, context));
    }
  }

  private long[] booleans(Operand a, Operand b, int rows) {
    long[] x = Bitmaps.values(a, rows);
    long[] y = Bitmaps.values(b, rows);
    for (int w = 0; w < x.length; w++) {
      long less = (outcomes & LESS) != 0 ? ~x[w] & y[w] : 0;
      long equal = (outcomes & EQUAL) != 0 ? ~(x[w] ^ y[w]) : 0;
      long greater = (outcomes & GREATER) != 0 ? x[w] & ~y[w] : 0;
      x[w] = less | equal | greater;
    }
    return x;
  }

  // hot path
  private long[] ints(Operand a, Operand b, int rows) {
    long x = Memory.address(a.vector.getDataBuffer());
    long y = Memory.address(b.vector.getDataBuffer());
    int xm = a.rowMask;
    int ym = b.rowMask;
    int outcomes = this.outcomes;
    long[] result = new long[Bitmaps.wordCount(rows)];
    for (int w = 0; w < result.length; w++) {
      int base = w << 6;
      int end = Math.min(64, rows - base);
      long word = 0;
      for (int j = 0; j < end; j++) {
        int i = base + j;
        int c =
            Integer.compare(
                Memory.getInt(x + ((long) (i & xm) << 2)),
                Memory.getInt(y + ((long) (i & ym) << 2)));
        word |= (long) ((outcomes >>> (c + 1)) & 1) << j;
      }
      result[w] = word;
    }
    return result;
  }

  // hot path
  private long[] longs(Operand a, Operand b, int rows) {
    long x = Memory.address(a.vector.getDataBuffer());
    long y = Memory.address(b.vector.getDataBuffer());
    int xm = a.rowMask;
    int ym = b.rowMask;
    int outcomes = this.outcomes;
    long[] result = new long[Bitmaps.wordCount(rows)];
    for (int w = 0; w < result.length; w++) {
      int base = w << 6;
      int end = Math.min(64, rows - base);
      long word = 0;
      for (int j = 0; j < end; j++) {
        int i = base + j;
        int c =
            Long.compare(
                Memory.getLong(x + ((long) (i & xm) << 3)),
                Memory.getLong(y + ((long) (i & ym) << 3)));
        word |= (long) ((outcomes >>> (c + 1)) & 1) << j;
      }
      result[w] = word;
    }
    return result;
  }

  // hot path
  private long[] doubles(Operand a, Operand b, int rows) {
    long x = Memory.address(a.vector.getDataBuffer());
    long y = Memory.address(b.vector.getDataBuffer());
    int xm = a.rowMask;
    int ym = b.rowMask;
    int outcomes = this.outcomes;
    long[] result = new long[Bitmaps.wordCount(rows)];
    for (int w = 0; w < result.length; w++) {
      int base = w << 6;
      int end = Math.min(64, rows - base);
      long word = 0;
      for (int j = 0; j < end; j++) {
        int i = base + j;
        double xv = Memory.getDouble(x + ((long) (i & xm) << 3));
        double yv = Memory.getDouble(y + ((long) (i & ym) << 3));
        int c = xv == yv ? 0 : Double.compare(xv, yv);
        word |= (long) ((outcomes >>> (c + 1)) & 1) << j;
      }
      result[w] = word;
    }
    return result;
  }

  // hot path
  private long[] decimals(Operand a, Operand b, int rows) {
    long x = Memory.address(a.vector.getDataBuffer());
    long y = Memory.address(b.vector.getDataBuffer());
    int xm = a.rowMask;
    int ym = b.rowMask;
    int outcomes = this.outcomes;
    long[] result = new long[Bitmaps.wordCount(rows)];
    for (int w = 0; w < result.length; w++) {
      int base = w << 6;
      int end = Math.min(64, rows - base);
      long word = 0;
      for (int j = 0; j < end; j++) {
        int i = base + j;
        long xo = (long) (i & xm) << 4;
        long yo = (long) (i & ym) << 4;
        long xh = Memory.getLong(x + (xo + 8));
        long yh = Memory.getLong(y + (yo + 8));
        int c =
            xh != yh
                ? Long.compare(xh, yh)
                : Long.signum(
                    Long.compareUnsigned(Memory.getLong(x + (xo)), Memory.getLong(y + (yo))));
        word |= (long) ((outcomes >>> (c + 1)) & 1) << j;
      }
      result[w] = word;
    }
    return result;
  }

  // hot path
  private long[] strings(Operand a, Operand b, int rows) {
    long xOffsets = Memory.address(a.vector.getOffsetBuffer());
    long yOffsets = Memory.address(b.vector.getOffsetBuffer());
    long x = Memory.address(a.vector.getDataBuffer());
    long y = Memory.address(b.vector.getDataBuffer());
    int xm = a.rowMask;
    int ym = b.rowMask;
    int outcomes = this.outcomes;
    boolean equality = outcomes == EQUAL || outcomes == (LESS | GREATER);
    long[] result = new long[Bitmaps.wordCount(rows)];
    for (int w = 0; w < result.length; w++) {
      int base = w << 6;
      int end = Math.min(64, rows - base);
      long word = 0;
      for (int j = 0; j < end; j++) {
        int i = base + j;
        long xi = (long) (i & xm) << 2;
        long yi = (long) (i & ym) << 2;
        int xs = Memory.getInt(xOffsets + (xi));
        int xe = Memory.getInt(xOffsets + (xi + 4));
        int ys = Memory.getInt(yOffsets + (yi));
        int ye = Memory.getInt(yOffsets + (yi + 4));
        int c;
        if (equality) {
          c = Memory.equalBytes(x + xs, xe - xs, y + ys, ye - ys) ? 0 : 1;
        } else {
          c = Integer.signum(Memory.compareBytes(x + xs, xe - xs, y + ys, ye - ys));
        }
        word |= (long) ((outcomes >>> (c + 1)) & 1) << j;
      }
      result[w] = word;
    }
    return result;
  }
}
