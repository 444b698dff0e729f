package dev.locus.operators.expr;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.type.DataType;
import dev.locus.core.type.DataType.Kind;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;

/**
 * {@code CAST(x AS type)}: numeric and BOOLEAN kinds into each other (rounding half away from zero
 * into integers and decimals, overflow is an error), VARCHAR into every type by parsing and every
 * type into VARCHAR, DATE and TIMESTAMP into each other.
 */
final class CastNode extends Node {
  private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] FALSE = "false".getBytes(StandardCharsets.US_ASCII);
  private static final double[] DOUBLE_POWERS_OF_TEN = new double[23];

  static {
    DOUBLE_POWERS_OF_TEN[0] = 1;
    for (int i = 1; i < DOUBLE_POWERS_OF_TEN.length; i++) {
      DOUBLE_POWERS_OF_TEN[i] = DOUBLE_POWERS_OF_TEN[i - 1] * 10;
    }
  }

  private final Node argument;
  private final DataType from;
  private final String text;
  private final long limit;
  private final BigInteger bigLimit;

  CastNode(Node argument, DataType type, String text) {
    super(type);
    this.argument = argument;
    this.from = argument.type;
    this.text = text;
    this.limit = DecimalMath.limit(type.isDecimal() ? type.precision() : 19);
    this.bigLimit = type.isDecimal() ? DecimalMath.bigLimit(type.precision()) : null;
  }

  /** Whether a cast is a no-op: same kind, and for decimals the same scale and no narrowing. */
  static boolean isIdentity(DataType from, DataType to) {
    if (from.kind() != to.kind()) {
      return false;
    }
    return !from.isDecimal() || (from.scale() == to.scale() && from.precision() <= to.precision());
  }

  /** Fails when there is no cast between the types. */
  static void check(DataType from, DataType to, String text) {
    if (supported(from.kind(), to.kind())) {
      return;
    }
    List<Kind> targets =
        java.util.Arrays.stream(Kind.values())
            .filter(kind -> supported(from.kind(), kind))
            .toList();
    throw new LocusException(
        ErrorCode.NOT_SUPPORTED,
        "Cannot cast "
            + from
            + " to "
            + to
            + " in "
            + text
            + "; "
            + from.kind()
            + " casts to "
            + targets);
  }

  private static boolean supported(Kind from, Kind to) {
    if (from == Kind.OBJECT || to == Kind.OBJECT) {
      return false;
    }
    if (from == to || from == Kind.VARCHAR || to == Kind.VARCHAR) {
      return true;
    }
    boolean fromTemporal = from == Kind.DATE || from == Kind.TIMESTAMP;
    boolean toTemporal = to == Kind.DATE || to == Kind.TIMESTAMP;
    return fromTemporal == toTemporal;
  }

  @Override
  Operand evaluate(EvalContext context, long[] mask) {
    try (Operand a = argument.evaluate(context, mask)) {
      int rows = context.rowCount;
      long[] valid = Bitmaps.validity(a, rows);
      Bitmaps.and(valid, mask);
      if (type.kind() == Kind.VARCHAR) {
        return Operand.owned(toText(a, valid, context));
      }
      FieldVector out = Results.allocate(type, context.allocator, rows);
      try {
        long data = Memory.address(out.getDataBuffer());
        if (from.kind() == Kind.VARCHAR) {
          fromText(a, valid, data);
        } else {
          switch (type.kind()) {
            case BOOLEAN -> toBoolean(a, valid, data);
            case INT, BIGINT -> toIntegral(a, valid, data);
            case DOUBLE -> toDouble(a, valid, data);
            case DECIMAL -> toDecimal(a, valid, data);
            case DATE -> toDate(a, valid, data);
            default -> toTimestamp(a, valid, data);
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

  /** The value of an exact source (BOOLEAN, INT, BIGINT, DECIMAL) as unscaled, or SLOW. */
  private long exact(long data, int index) {
    return switch (from.kind()) {
      case BOOLEAN -> Memory.getBit(data, index);
      case INT -> Memory.getInt(data + ((long) index << 2));
      case BIGINT -> Memory.getLong(data + ((long) index << 3));
      default -> {
        long offset = (long) index << 4;
        long low = Memory.getLong(data + (offset));
        yield DecimalMath.fits(low, Memory.getLong(data + (offset + 8))) ? low : DecimalMath.SLOW;
      }
    };
  }

  private BigDecimal exactBig(long data, int index) {
    if (from.isDecimal()) {
      return new BigDecimal(DecimalMath.read(data, index), from.scale());
    }
    return BigDecimal.valueOf(exact(data, index));
  }

  // hot path
  private void toBoolean(Operand a, long[] valid, long out) {
    long data = Memory.address(a.vector.getDataBuffer());
    int m = a.rowMask;
    for (int i = Bitmaps.next(valid, 0); i >= 0; i = Bitmaps.next(valid, i + 1)) {
      int index = i & m;
      boolean value;
      if (from.kind() == Kind.DOUBLE) {
        value = Memory.getDouble(data + ((long) index << 3)) != 0;
      } else if (from.isDecimal()) {
        long offset = (long) index << 4;
        value = Memory.getLong(data + (offset)) != 0 || Memory.getLong(data + (offset + 8)) != 0;
      } else {
        value = exact(data, index) != 0;
      }
      if (value) {
        Memory.setBit(out, i);
      }
    }
  }

  // hot path
  private void toIntegral(Operand a, long[] valid, long out) {
    long data = Memory.address(a.vector.getDataBuffer());
    int m = a.rowMask;
    boolean toInt = type.kind() == Kind.INT;
    double min = toInt ? Integer.MIN_VALUE : -0x1p63;
    double max = toInt ? Integer.MAX_VALUE : 0x1p63;
    for (int i = Bitmaps.next(valid, 0); i >= 0; i = Bitmaps.next(valid, i + 1)) {
      int index = i & m;
      long value;
      if (from.kind() == Kind.DOUBLE) {
        double d = Memory.getDouble(data + ((long) index << 3));
        if (Double.isNaN(d)) {
          throw Errors.invalidCast("NaN", type, text);
        }
        double rounded = roundHalfAway(d);
        if (rounded < min || rounded > max || (!toInt && rounded == max)) {
          throw Errors.integerOverflow(Double.toString(d), type, text);
        }
        value = (long) rounded;
      } else {
        value = exact(data, index);
        if (from.isDecimal()) {
          value =
              value == DecimalMath.SLOW
                  ? DecimalMath.SLOW
                  : DecimalMath.rescale(value, from.scale(), 0);
          if (value == DecimalMath.SLOW) {
            BigInteger big =
                exactBig(data, index).setScale(0, RoundingMode.HALF_UP).unscaledValue();
            if (big.bitLength() > 63) {
              throw Errors.integerOverflow(big.toString(), type, text);
            }
            value = big.longValue();
          }
        }
        if (toInt && value != (int) value) {
          throw Errors.integerOverflow(describe(data, index), type, text);
        }
      }
      if (toInt) {
        Memory.putInt(out + ((long) i << 2), (int) value);
      } else {
        Memory.putLong(out + ((long) i << 3), value);
      }
    }
  }

  private static double roundHalfAway(double value) {
    double floor = Math.floor(value);
    double fraction = value - floor;
    if (fraction > 0.5 || (fraction == 0.5 && value > 0)) {
      return floor + 1;
    }
    return floor;
  }

  // hot path
  private void toDouble(Operand a, long[] valid, long out) {
    long data = Memory.address(a.vector.getDataBuffer());
    int m = a.rowMask;
    int scale = from.scale();
    for (int i = Bitmaps.next(valid, 0); i >= 0; i = Bitmaps.next(valid, i + 1)) {
      int index = i & m;
      long value = exact(data, index);
      double result;
      if (from.isDecimal()
          && (value == DecimalMath.SLOW
              || Math.abs(value) > (1L << 53)
              || scale >= DOUBLE_POWERS_OF_TEN.length)) {
        result = exactBig(data, index).doubleValue();
      } else if (from.isDecimal()) {
        // Both operands are exact doubles, so the quotient is correctly rounded.
        result = value / DOUBLE_POWERS_OF_TEN[scale];
      } else {
        result = value;
      }
      Memory.putDouble(out + ((long) i << 3), result);
    }
  }

  // hot path
  private void toDecimal(Operand a, long[] valid, long out) {
    long data = Memory.address(a.vector.getDataBuffer());
    int m = a.rowMask;
    int scale = type.scale();
    for (int i = Bitmaps.next(valid, 0); i >= 0; i = Bitmaps.next(valid, i + 1)) {
      int index = i & m;
      if (from.kind() == Kind.DOUBLE) {
        double d = Memory.getDouble(data + ((long) index << 3));
        if (Double.isNaN(d) || Double.isInfinite(d)) {
          throw Errors.invalidCast(Double.toString(d), type, text);
        }
        // Through the shortest decimal string of the double, as PostgreSQL and H2 convert.
        writeBig(out, i, BigDecimal.valueOf(d).setScale(scale, RoundingMode.HALF_UP));
        continue;
      }
      long value = exact(data, index);
      if (value != DecimalMath.SLOW) {
        value = DecimalMath.rescale(value, from.isDecimal() ? from.scale() : 0, scale);
      }
      if (value == DecimalMath.SLOW) {
        writeBig(out, i, exactBig(data, index).setScale(scale, RoundingMode.HALF_UP));
      } else {
        if (value >= limit || value <= -limit) {
          throw Errors.decimalOverflow(DecimalMath.plain(value, scale), type, text);
        }
        DecimalMath.write(out, i, value);
      }
    }
  }

  private void writeBig(long out, int index, BigDecimal value) {
    BigInteger unscaled = value.unscaledValue();
    if (unscaled.abs().compareTo(bigLimit) >= 0) {
      throw Errors.decimalOverflow(value.toPlainString(), type, text);
    }
    DecimalMath.write(out, index, unscaled);
  }

  private void toDate(Operand a, long[] valid, long out) {
    long data = Memory.address(a.vector.getDataBuffer());
    int m = a.rowMask;
    for (int i = Bitmaps.next(valid, 0); i >= 0; i = Bitmaps.next(valid, i + 1)) {
      long micros = Memory.getLong(data + ((long) (i & m) << 3));
      Memory.putInt(out + ((long) i << 2), (int) Math.floorDiv(micros, Dates.MICROS_PER_DAY));
    }
  }

  private void toTimestamp(Operand a, long[] valid, long out) {
    long data = Memory.address(a.vector.getDataBuffer());
    int m = a.rowMask;
    for (int i = Bitmaps.next(valid, 0); i >= 0; i = Bitmaps.next(valid, i + 1)) {
      int days = Memory.getInt(data + ((long) (i & m) << 2));
      long micros = (long) days * Dates.MICROS_PER_DAY;
      if (micros / Dates.MICROS_PER_DAY != days) {
        throw Errors.invalidCast(describe(data, i & m), type, text);
      }
      Memory.putLong(out + ((long) i << 3), micros);
    }
  }

  /** A source value as SQL would write it, for messages. */
  private String describe(long data, int index) {
    ByteBuilder builder = new ByteBuilder();
    append(builder, data, null, index);
    String value = new String(builder.bytes, 0, builder.length, StandardCharsets.UTF_8);
    return switch (from.kind()) {
      case DATE -> "DATE '" + value + "'";
      case TIMESTAMP -> "TIMESTAMP '" + value + "'";
      default -> value;
    };
  }

  /** Appends the text of a non-VARCHAR source value. */
  private void append(ByteBuilder out, long data, Operand source, int index) {
    switch (from.kind()) {
      case BOOLEAN -> out.append(Memory.getBit(data, index) != 0 ? TRUE : FALSE);
      case INT -> out.appendLong(Memory.getInt(data + ((long) index << 2)));
      case BIGINT -> out.appendLong(Memory.getLong(data + ((long) index << 3)));
      case DOUBLE ->
          out.append(
              Double.toString(Memory.getDouble(data + ((long) index << 3)))
                  .getBytes(StandardCharsets.US_ASCII));
      case DECIMAL -> {
        long value = exact(data, index);
        if (value == DecimalMath.SLOW) {
          out.append(exactBig(data, index).toPlainString().getBytes(StandardCharsets.US_ASCII));
        } else {
          TextFormat.appendDecimal(out, value, from.scale());
        }
      }
      case DATE -> TextFormat.appendDate(out, Memory.getInt(data + ((long) index << 2)));
      default -> TextFormat.appendTimestamp(out, Memory.getLong(data + ((long) index << 3)));
    }
  }

  // hot path
  private FieldVector toText(Operand a, long[] valid, EvalContext context) {
    int rows = context.rowCount;
    VarCharVector out = Results.allocateVarChar(context.allocator, rows, rows * 16L);
    try {
      long data = Memory.address(a.vector.getDataBuffer());
      int m = a.rowMask;
      ByteBuilder builder = new ByteBuilder();
      for (int i = Bitmaps.next(valid, 0); i >= 0; i = Bitmaps.next(valid, i + 1)) {
        builder.reset();
        append(builder, data, a, i & m);
        out.setSafe(i, builder.bytes, 0, builder.length);
      }
      out.setValueCount(rows);
      return out;
    } catch (RuntimeException e) {
      out.close();
      throw e;
    }
  }

  private void fromText(Operand a, long[] valid, long out) {
    long offsets = Memory.address(a.vector.getOffsetBuffer());
    long data = Memory.address(a.vector.getDataBuffer());
    int m = a.rowMask;
    byte[] scratch = new byte[64];
    for (int i = Bitmaps.next(valid, 0); i >= 0; i = Bitmaps.next(valid, i + 1)) {
      long index = (long) (i & m) << 2;
      int start = Memory.getInt(offsets + (index));
      int length = Memory.getInt(offsets + (index + 4)) - start;
      if (length > scratch.length) {
        scratch = new byte[Math.max(length, scratch.length * 2)];
      }
      Memory.copy(data + start, scratch, 0, length);
      try {
        parse(scratch, length, out, i);
      } catch (TextFormat.ParseException | NumberFormatException e) {
        String value = new String(scratch, 0, length, StandardCharsets.UTF_8);
        throw Errors.invalidCast(Errors.quote(value), type, text);
      }
    }
  }

  private void parse(byte[] bytes, int length, long out, int i) {
    switch (type.kind()) {
      case BOOLEAN -> {
        if (TextFormat.parseBoolean(bytes, 0, length)) {
          Memory.setBit(out, i);
        }
      }
      case INT -> {
        long value = TextFormat.parseLong(bytes, 0, length);
        if (value != (int) value) {
          throw new TextFormat.ParseException();
        }
        Memory.putInt(out + ((long) i << 2), (int) value);
      }
      case BIGINT -> Memory.putLong(out + ((long) i << 3), TextFormat.parseLong(bytes, 0, length));
      case DOUBLE -> Memory.putDouble(out + ((long) i << 3), parseDouble(bytes, length));
      case DECIMAL -> {
        // Parsing allocates; casts of text to decimals are not on hot paths.
        String value = new String(bytes, 0, length, StandardCharsets.UTF_8).trim();
        writeBig(out, i, new BigDecimal(value).setScale(type.scale(), RoundingMode.HALF_UP));
      }
      case DATE -> {
        long days = TextFormat.parseDate(bytes, 0, length);
        if (days != (int) days) {
          throw new TextFormat.ParseException();
        }
        Memory.putInt(out + ((long) i << 2), (int) days);
      }
      default -> Memory.putLong(out + ((long) i << 3), TextFormat.parseTimestamp(bytes, 0, length));
    }
  }

  /** SQL number syntax, plus NaN and [+-]Infinity; not Java's hex floats or type suffixes. */
  private static double parseDouble(byte[] bytes, int length) {
    String value = new String(bytes, 0, length, StandardCharsets.UTF_8).trim();
    switch (value) {
      case "NaN" -> {
        return Double.NaN;
      }
      case "Infinity", "+Infinity" -> {
        return Double.POSITIVE_INFINITY;
      }
      case "-Infinity" -> {
        return Double.NEGATIVE_INFINITY;
      }
      default -> {
        for (int i = 0; i < value.length(); i++) {
          char c = value.charAt(i);
          if (!(c >= '0' && c <= '9') && c != '.' && c != '-' && c != '+' && c != 'e' && c != 'E') {
            throw new TextFormat.ParseException();
          }
        }
        return Double.parseDouble(value);
      }
    }
  }
}
