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
            case VARCHAR -> strings(a, b, rows);
            default -> fixedWidth(a, b, rows);
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

  /**
   * Fixed-width types, 64 rows at a time: decode both sides into {@code long} keys that order as
   * the values do, then compare the keys in a branch-free loop specialized per operator (random
   * data would mispredict a branch per row). Decimals that need 128 bits are compared exactly
   * afterwards.
   */
  // hot path
  private long[] fixedWidth(Operand a, Operand b, int rows) {
    long[] result = new long[Bitmaps.wordCount(rows)];
    long[] xs = new long[64];
    long[] ys = new long[64];
    for (int w = 0; w < result.length; w++) {
      int base = w << 6;
      int count = Math.min(64, rows - base);
      long wide = decode(a, base, count, xs) | decode(b, base, count, ys);
      long word = compare(xs, ys, count);
      if (wide != 0) {
        word = compareWide(a, b, base, wide, word);
      }
      result[w] = word;
    }
    return result;
  }

  /**
   * Rows {@code [base, base + count)} of an operand as order-preserving long keys; returns the rows
   * (bit j for row base + j) whose decimal needs 128 bits (their key is meaningless).
   */
  // hot path
  private long decode(Operand operand, int base, int count, long[] keys) {
    long data = Memory.address(operand.vector.getDataBuffer());
    int m = operand.rowMask;
    switch (left.type.kind()) {
      case BOOLEAN -> {
        for (int j = 0; j < count; j++) {
          keys[j] = Memory.getBit(data, (base + j) & m);
        }
      }
      case INT, DATE -> {
        for (int j = 0; j < count; j++) {
          keys[j] = Memory.getInt(data + ((long) ((base + j) & m) << 2));
        }
      }
      case BIGINT, TIMESTAMP -> {
        for (int j = 0; j < count; j++) {
          keys[j] = Memory.getLong(data + ((long) ((base + j) & m) << 3));
        }
      }
      case DOUBLE -> {
        for (int j = 0; j < count; j++) {
          // + 0.0 turns -0.0 into 0.0; doubleToLongBits makes every NaN one, largest, value.
          long bits =
              Double.doubleToLongBits(
                  Memory.getDouble(data + ((long) ((base + j) & m) << 3)) + 0.0);
          keys[j] = bits ^ ((bits >> 63) & Long.MAX_VALUE);
        }
      }
      default -> {
        long wide = 0;
        for (int j = 0; j < count; j++) {
          long offset = data + ((long) ((base + j) & m) << 4);
          long low = Memory.getLong(offset);
          keys[j] = low;
          wide |= (Memory.getLong(offset + 8) != (low >> 63) ? 1L : 0L) << j;
        }
        return wide;
      }
    }
    return 0;
  }

  // hot path
  private long compare(long[] xs, long[] ys, int count) {
    long word = 0;
    switch (outcomes) {
      case LESS -> {
        for (int j = 0; j < count; j++) {
          word |= (xs[j] < ys[j] ? 1L : 0L) << j;
        }
      }
      case LESS | EQUAL -> {
        for (int j = 0; j < count; j++) {
          word |= (xs[j] <= ys[j] ? 1L : 0L) << j;
        }
      }
      case EQUAL -> {
        for (int j = 0; j < count; j++) {
          word |= (xs[j] == ys[j] ? 1L : 0L) << j;
        }
      }
      case LESS | GREATER -> {
        for (int j = 0; j < count; j++) {
          word |= (xs[j] != ys[j] ? 1L : 0L) << j;
        }
      }
      case GREATER -> {
        for (int j = 0; j < count; j++) {
          word |= (xs[j] > ys[j] ? 1L : 0L) << j;
        }
      }
      default -> {
        for (int j = 0; j < count; j++) {
          word |= (xs[j] >= ys[j] ? 1L : 0L) << j;
        }
      }
    }
    return word;
  }

  /** Redoes the rows whose decimals need 128 bits with an exact comparison. */
  private long compareWide(Operand a, Operand b, int base, long wide, long word) {
    long x = Memory.address(a.vector.getDataBuffer());
    long y = Memory.address(b.vector.getDataBuffer());
    while (wide != 0) {
      int j = Long.numberOfTrailingZeros(wide);
      wide &= wide - 1;
      long xo = x + ((long) ((base + j) & a.rowMask) << 4);
      long yo = y + ((long) ((base + j) & b.rowMask) << 4);
      long xh = Memory.getLong(xo + 8);
      long yh = Memory.getLong(yo + 8);
      int c =
          xh != yh
              ? Long.compare(xh, yh)
              : Long.signum(Long.compareUnsigned(Memory.getLong(xo), Memory.getLong(yo)));
      long bit = (outcomes >>> (c + 1)) & 1;
      word = (word & ~(1L << j)) | (bit << j);
    }
    return word;
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
