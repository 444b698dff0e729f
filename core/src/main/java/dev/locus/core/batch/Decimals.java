package dev.locus.core.batch;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import java.math.BigDecimal;
import java.math.BigInteger;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.DecimalVector;

/**
 * Fast access to DECIMAL values as unscaled {@code long}s. Arrow keeps decimals as 128-bit
 * little-endian integers; every TPC-H amount fits in 64 bits, so hot loops read and write the low
 * word and check that the high word is its sign extension. A value that does not fit is a {@link
 * ErrorCode#NUMERIC_OVERFLOW} error, never a wrong answer.
 */
public final class Decimals {
  private static final long[] POWERS_OF_TEN = new long[19];

  static {
    POWERS_OF_TEN[0] = 1;
    for (int i = 1; i < POWERS_OF_TEN.length; i++) {
      POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1] * 10;
    }
  }

  private Decimals() {}

  /** 10^exponent for exponent in [0, 18]. */
  public static long powerOfTen(int exponent) {
    return POWERS_OF_TEN[exponent];
  }

  /** Whether the value at {@code index} (not null) fits in a long. */
  public static boolean fitsInLong(DecimalVector vector, int index) {
    ArrowBuf data = vector.getDataBuffer();
    long low = data.getLong((long) index * DecimalVector.TYPE_WIDTH);
    long high = data.getLong((long) index * DecimalVector.TYPE_WIDTH + 8);
    return high == (low >> 63);
  }

  /** The unscaled value at {@code index} (not null); an overflow error when it needs 128 bits. */
  public static long getUnscaled(DecimalVector vector, int index) {
    ArrowBuf data = vector.getDataBuffer();
    long low = data.getLong((long) index * DecimalVector.TYPE_WIDTH);
    long high = data.getLong((long) index * DecimalVector.TYPE_WIDTH + 8);
    if (high != (low >> 63)) {
      throw overflow(vector.getObject(index).toPlainString());
    }
    return low;
  }

  /**
   * Writes an unscaled value at {@code index} and marks it non-null. The vector must have capacity;
   * the caller sets the value count.
   */
  public static void setUnscaled(DecimalVector vector, int index, long unscaled) {
    ArrowBuf data = vector.getDataBuffer();
    data.setLong((long) index * DecimalVector.TYPE_WIDTH, unscaled);
    data.setLong((long) index * DecimalVector.TYPE_WIDTH + 8, unscaled >> 63);
    BitVectorHelper.setBit(vector.getValidityBuffer(), index);
  }

  /** Checks that an unscaled value fits the precision of a decimal type. */
  public static long checkPrecision(long unscaled, int precision) {
    if (precision < 19 && Math.abs(unscaled) >= POWERS_OF_TEN[precision]) {
      throw overflow(Long.toString(unscaled) + " (unscaled) exceeds precision " + precision);
    }
    return unscaled;
  }

  /** The unscaled long of an exact decimal already at the wanted scale. */
  public static long toUnscaledLong(BigDecimal value) {
    BigInteger unscaled = value.unscaledValue();
    if (unscaled.bitLength() > 63) {
      throw overflow(value.toPlainString());
    }
    return unscaled.longValue();
  }

  public static LocusException overflow(String value) {
    return new LocusException(
        ErrorCode.NUMERIC_OVERFLOW,
        "Decimal overflow: "
            + value
            + " does not fit in 64-bit unscaled decimal arithmetic (at most 18 digits)");
  }
}
