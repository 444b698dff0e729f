package dev.locus.operators.expr;

import dev.locus.core.batch.Decimals;
import java.math.BigDecimal;
import java.math.BigInteger;
import org.apache.arrow.memory.ArrowBuf;

/**
 * Exact decimal arithmetic on unscaled {@code long}s with a {@link BigInteger} fallback. Arrow
 * keeps decimals as 128-bit two's complement integers: low word at {@code 16 * i}, high word at
 * {@code 16 * i + 8}; a value fits a long when the high word is the low word's sign extension.
 */
final class DecimalMath {
  /** Returned by the fast paths when a long would overflow: redo the row with BigInteger. */
  static final long SLOW = Long.MIN_VALUE;

  /** Decimals of at most this many digits fit a long: {@code 10^18 - 1 < 2^63}. */
  static final int LONG_DIGITS = 18;

  private static final BigInteger TWO_TO_64 = BigInteger.ONE.shiftLeft(64);

  private DecimalMath() {}

  static boolean fits(long low, long high) {
    return high == (low >> 63);
  }

  /** The largest power of ten a long holds (10^18) bounds fast-path scaling. */
  static long power(int exponent) {
    return Decimals.powerOfTen(exponent);
  }

  /**
   * The exclusive bound of unscaled values of a precision as a long; {@code Long.MAX_VALUE} when
   * every long fits (precision 19 and more).
   */
  static long limit(int precision) {
    return precision <= 18 ? Decimals.powerOfTen(precision) : Long.MAX_VALUE;
  }

  static BigInteger bigLimit(int precision) {
    return BigInteger.TEN.pow(precision);
  }

  static BigInteger toBigInteger(long low, long high) {
    BigInteger value = BigInteger.valueOf(high).shiftLeft(64);
    BigInteger unsignedLow = BigInteger.valueOf(low);
    if (low < 0) {
      unsignedLow = unsignedLow.add(TWO_TO_64);
    }
    return value.add(unsignedLow);
  }

  static BigInteger read(long address, int index) {
    long offset = address + ((long) index << 4);
    return toBigInteger(Memory.getLong(offset), Memory.getLong(offset + 8));
  }

  static void write(long address, int index, long unscaled) {
    long offset = address + ((long) index << 4);
    Memory.putLong(offset, unscaled);
    Memory.putLong(offset + 8, unscaled >> 63);
  }

  static void write(long address, int index, BigInteger unscaled) {
    long offset = address + ((long) index << 4);
    Memory.putLong(offset, unscaled.longValue());
    Memory.putLong(offset + 8, unscaled.shiftRight(64).longValue());
  }

  static BigInteger read(ArrowBuf data, int index) {
    long offset = (long) index << 4;
    return toBigInteger(data.getLong(offset), data.getLong(offset + 8));
  }

  static void write(ArrowBuf data, int index, long unscaled) {
    long offset = (long) index << 4;
    data.setLong(offset, unscaled);
    data.setLong(offset + 8, unscaled >> 63);
  }

  /** Writes a value that fits 128 bits (callers check the precision, at most 38 digits, first). */
  static void write(ArrowBuf data, int index, BigInteger unscaled) {
    long offset = (long) index << 4;
    data.setLong(offset, unscaled.longValue());
    data.setLong(offset + 8, unscaled.shiftRight(64).longValue());
  }

  static String plain(long unscaled, int scale) {
    return BigDecimal.valueOf(unscaled, scale).toPlainString();
  }

  static String plain(BigInteger unscaled, int scale) {
    return new BigDecimal(unscaled, scale).toPlainString();
  }

  /**
   * {@code round(dividend / divisor)} half away from zero, or {@link #SLOW}. The divisor is not
   * zero.
   */
  static long divideRounded(long dividend, long divisor) {
    if (dividend == Long.MIN_VALUE || divisor == Long.MIN_VALUE) {
      return SLOW;
    }
    long quotient = dividend / divisor;
    long remainder = dividend % divisor;
    if (remainder != 0) {
      long absRemainder = Math.abs(remainder);
      if (absRemainder >= Math.abs(divisor) - absRemainder) {
        quotient += (dividend ^ divisor) < 0 ? -1 : 1;
      }
    }
    return quotient;
  }

  /** {@code value * 10^exponent} or {@link #SLOW} on overflow. */
  static long scaleUp(long value, int exponent) {
    if (exponent > 18) {
      return value == 0 ? 0 : SLOW;
    }
    long factor = Decimals.powerOfTen(exponent);
    long high = Math.multiplyHigh(value, factor);
    long low = value * factor;
    return high == (low >> 63) && low != SLOW ? low : SLOW;
  }

  /**
   * An unscaled value moved from one scale to another, rounding half away from zero when digits are
   * dropped; {@link #SLOW} when a long would overflow.
   */
  static long rescale(long value, int fromScale, int toScale) {
    if (toScale >= fromScale) {
      return scaleUp(value, toScale - fromScale);
    }
    int drop = fromScale - toScale;
    if (drop > 18) {
      return SLOW;
    }
    return divideRounded(value, Decimals.powerOfTen(drop));
  }

  /**
   * {@code round(x / 10^xScale / (y / 10^yScale), resultScale)} half away from zero, as an unscaled
   * long, or {@link #SLOW}. {@code y} is not zero.
   */
  static long divide(long x, int xScale, long y, int yScale, int resultScale) {
    int shift = resultScale - xScale + yScale;
    long dividend = x;
    long divisor = y;
    if (shift > 0) {
      dividend = scaleUp(x, shift);
    } else if (shift < 0) {
      divisor = scaleUp(y, -shift);
    }
    if (dividend == SLOW || divisor == SLOW) {
      return SLOW;
    }
    return divideRounded(dividend, divisor);
  }
}
