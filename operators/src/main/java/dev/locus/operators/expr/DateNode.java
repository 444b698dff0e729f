package dev.locus.operators.expr;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.expr.ScalarFunction;
import dev.locus.core.type.DataType;
import dev.locus.core.type.DataType.Kind;
import org.apache.arrow.vector.FieldVector;

/**
 * YEAR, MONTH, DAY of a DATE or TIMESTAMP, and ADD_DAYS, ADD_MONTHS (the day clamped to the end of
 * the month, as {@link java.time.LocalDate#plusMonths}) of a DATE or TIMESTAMP.
 */
final class DateNode extends Node {
  private final ScalarFunction function;
  private final Node date;
  private final Node amount;
  private final String text;

  DateNode(ScalarFunction function, Node date, Node amount, DataType type, String text) {
    super(type);
    this.function = function;
    this.date = date;
    this.amount = amount;
    this.text = text;
  }

  @Override
  Operand evaluate(EvalContext context, long[] mask) {
    int rows = context.rowCount;
    try (Operand a = date.evaluate(context, mask);
        Operand b = amount == null ? null : amount.evaluate(context, mask)) {
      long[] valid = Bitmaps.validity(a, rows);
      if (b != null) {
        Bitmaps.and(valid, Bitmaps.validity(b, rows));
      }
      Bitmaps.and(valid, mask);
      FieldVector out = Results.allocate(type, context.allocator, rows);
      try {
        compute(a, b, valid, Memory.address(out.getDataBuffer()));
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
  private void compute(Operand a, Operand b, long[] valid, long out) {
    long dates = Memory.address(a.vector.getDataBuffer());
    long amounts = b == null ? 0 : Memory.address(b.vector.getDataBuffer());
    int m = a.rowMask;
    int am = b == null ? 0 : b.rowMask;
    boolean timestamp = date.type.kind() == Kind.TIMESTAMP;
    boolean wideResult = type.kind() == Kind.BIGINT || type.kind() == Kind.TIMESTAMP;
    for (int i = Bitmaps.next(valid, 0); i >= 0; i = Bitmaps.next(valid, i + 1)) {
      long day;
      long timeOfDay = 0;
      if (timestamp) {
        long micros = Memory.getLong(dates + ((long) (i & m) << 3));
        day = Math.floorDiv(micros, Dates.MICROS_PER_DAY);
        timeOfDay = Math.floorMod(micros, Dates.MICROS_PER_DAY);
      } else {
        day = Memory.getInt(dates + ((long) (i & m) << 2));
      }
      long result;
      switch (function) {
        case EXTRACT_YEAR -> result = Dates.year(Dates.civil(day));
        case EXTRACT_MONTH -> result = Dates.month(Dates.civil(day));
        case EXTRACT_DAY -> result = Dates.day(Dates.civil(day));
        default -> {
          int n = Memory.getInt(amounts + ((long) (i & am) << 2));
          long shifted = function == ScalarFunction.ADD_DAYS ? day + n : Dates.addMonths(day, n);
          boolean outOfRange =
              timestamp
                  ? Math.abs(shifted) >= Long.MAX_VALUE / Dates.MICROS_PER_DAY
                  : shifted != (int) shifted;
          if (outOfRange) {
            throw new LocusException(
                ErrorCode.NUMERIC_OVERFLOW,
                "Date overflow: "
                    + function.symbol()
                    + " by "
                    + n
                    + " leaves the supported range of dates in "
                    + text);
          }
          result = timestamp ? shifted * Dates.MICROS_PER_DAY + timeOfDay : shifted;
        }
      }
      if (wideResult) {
        Memory.putLong(out + ((long) i << 3), result);
      } else {
        Memory.putInt(out + ((long) i << 2), (int) result);
      }
    }
  }
}
